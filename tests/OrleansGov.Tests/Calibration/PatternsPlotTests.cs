using System.Globalization;
using OrleansGov.Client.Patterns;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Cli;
using OrleansGov.Tests.Dashboard;
using Xunit;

namespace OrleansGov.Tests.Calibration;

/// <summary>
/// The patterns plot: what it draws is what the report says (means, spreads, verdicts, the expected and
/// simulated orders), the PNG is written, and <c>report &lt;dir&gt;</c> rebuilds a patterns folder from its
/// files alone, refusing a folder whose patterns copy was edited.
/// </summary>
public sealed class PatternsPlotTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Repo(params string[] parts) => Path.Combine([DashboardApiTests.FindRepoRoot(), .. parts]);

    private const string TwoPatterns = """
        name: p
        patterns:
          - id: high
            text: adoption is high
            level: provincial
            source: { cite: "Someone, 2020", quote: "it is high" }
            metric: cloud_adoption
            scope: guizhou
            at-date: 2019-12-30
            observed: [0.8, 0.9]
            tolerance: 0.05
          - id: ahead
            text: guizhou ahead of guangxi
            level: provincial
            source: { cite: "Someone else, 2021", quote: "guizhou first" }
            metric: cloud_adoption
            at-date: 2019-12-30
            order:
              - { scope: guangxi }
              - { scope: guizhou }
            tolerance: 0.02
        """;

    [Fact]
    public void The_figure_draws_the_numbers_of_the_report_and_the_png_is_written()
    {
        var scenario = ScenarioLoader.Load(Repo("scenarios", "patterns", "three-provinces-calendar.yaml"));
        var set = PatternsParser.Parse(TwoPatterns, "p.yaml", scenario);
        // Measures in first-use order: guizhou (used by both patterns), then guangxi.
        Assert.Equal(["guizhou:cloud_adoption:t311", "guangxi:cloud_adoption:t311"], set.Measures.Select(m => m.Key));
        double[][] replicates = [[0.99, 0.60], [0.95, 0.70], [double.NaN, 0.65]];
        var results = PatternCheck.Evaluate(set, replicates);

        var figure = PatternsFigureBuilder.From(set, "calendar", results, replicates);

        Assert.Equal("Patterns p on calendar: 0 of 2 hold (mean of 3 replicates)", figure.Title);
        var high = figure.Panels[0];
        Assert.False(high.IsOrder);
        Assert.False(high.Holds);                                  // mean 0.97: 0.07 above the interval, tolerance 0.05
        Assert.Equal(results[0].Holds, high.Holds);
        Assert.Equal([0.99, 0.95], high.Measures[0].Values);       // the undefined replicate is left out, as in the table
        Assert.Equal(results[0].Measures[0].Mean, high.Measures[0].Mean);
        Assert.Equal((0.8, 0.9, 0.05), (high.Low, high.High, high.Tolerance));
        Assert.Equal("[0.8, 0.9]", high.Observed);
        Assert.Equal("Cloud adoption (0–1)", high.YLabel);
        Assert.Equal("Someone, 2020", high.Source);

        var ahead = figure.Panels[1];
        Assert.True(ahead.IsOrder);
        Assert.False(ahead.Holds);
        Assert.Equal(["guangxi", "guizhou"], ahead.Measures.Select(m => m.Label));   // drawn in the expected order …
        Assert.Equal([1, 2], ahead.Measures.Select(m => m.ExpectedRank));
        Assert.Equal([2, 1], ahead.Measures.Select(m => m.SimulatedRank));          // … each with its simulated place
        Assert.Equal("guangxi > guizhou", ahead.ExpectedOrder);
        Assert.Equal("guizhou > guangxi", ahead.SimulatedOrder);
        Assert.Equal(0.65 + 0.02, ahead.Ceiling(1), 12);
        Assert.True(double.IsNaN(ahead.Ceiling(0)));
        Assert.Equal(results[1].Discrepancy, ahead.Discrepancy);

        string png = _dir.Combine("plots", "patterns.png");
        PatternsPlot.Write(png, figure);
        byte[] bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 10_000);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes.Take(4));
        Assert.Equal(["patterns.png"], Directory.GetFiles(_dir.Combine("plots")).Select(Path.GetFileName));   // no partial file left
    }

    [Fact]
    public async Task Patterns_writes_the_plot_and_report_rebuilds_the_folder_from_its_files()
    {
        var (scenario, out1) = await CheckAsync(replicates: 2);
        Assert.True(File.Exists(Path.Combine(out1, "plots", "patterns.png")));
        Assert.Contains("](plots/patterns.png)", File.ReadAllText(Path.Combine(out1, "report.md")));

        // The numbers the plot is drawn from (replicates.csv) give the table's means.
        var replicates = File.ReadAllLines(Path.Combine(out1, "replicates.csv"));
        Assert.Equal(3, replicates.Length);
        var columns = replicates[0].Split(',');
        var tiny = ScenarioLoader.Load(scenario);
        foreach (string row in File.ReadAllLines(Path.Combine(out1, "patterns.csv")).Skip(1))
        {
            var cells = row.Split(',');
            string key = $"{cells[4]}:{cells[3]}:";
            int column = Array.FindIndex(columns, c => c.StartsWith(key, StringComparison.Ordinal) && IsStatistic(tiny, c, cells[5]));
            Assert.True(column >= 2, $"no column for {row}");
            double mean = replicates.Skip(1).Average(l => double.Parse(l.Split(',')[column], CultureInfo.InvariantCulture));
            Assert.Equal(double.Parse(cells[8], CultureInfo.InvariantCulture), mean, 12);
        }

        string[] files = ["patterns.csv", "report.md", "replicates.csv"];
        var before = files.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(out1, f)));
        File.Delete(Path.Combine(out1, "patterns.csv"));
        File.Delete(Path.Combine(out1, "plots", "patterns.png"));
        Directory.Delete(Path.Combine(out1, "runs"), recursive: true);   // replicates.csv is enough
        // A stale report: only the line naming the command that ran the check survives (the rebuilt report keeps it).
        string reportPath = Path.Combine(out1, "report.md");
        File.WriteAllLines(reportPath, ["stale", .. File.ReadAllLines(reportPath).Where(l => l.StartsWith("Command: `", StringComparison.Ordinal))]);

        var rebuilt = await CliHarness.RunAsync("report", out1);
        Assert.True(rebuilt.ExitCode == 0, rebuilt.ToString());
        Assert.All(files, f => Assert.Equal(before[f], File.ReadAllBytes(Path.Combine(out1, f))));
        Assert.True(File.Exists(Path.Combine(out1, "plots", "patterns.png")));
        File.Delete(reportPath);
        var again = await CliHarness.RunAsync("report", out1);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"Command: `orleansgov report {out1}`", File.ReadAllText(reportPath));   // without a report, the rebuild names itself

        // A folder whose copy of the patterns was edited is refused, and nothing is rewritten.
        string copy = Path.Combine(out1, "patterns.yaml");
        File.WriteAllText(copy, File.ReadAllText(copy).Replace("tolerance: 0.05", "tolerance: 0.5"));
        File.Delete(Path.Combine(out1, "report.md"));
        var edited = await CliHarness.RunAsync("report", out1);
        Assert.Equal(2, edited.ExitCode);
        Assert.Contains("patterns.yaml", edited.Error);
        Assert.Contains("differs from the patterns file the check ran", edited.Error);
        Assert.False(File.Exists(Path.Combine(out1, "report.md")));
    }

    [Fact]
    public async Task A_damaged_replicates_file_is_refused_naming_file_and_line()
    {
        var (_, out1) = await CheckAsync(replicates: 1);
        string csv = Path.Combine(out1, "replicates.csv");
        File.WriteAllText(csv, File.ReadAllText(csv).TrimEnd('\n') + ",oops\n");
        byte[] report = File.ReadAllBytes(Path.Combine(out1, "report.md"));

        var result = await CliHarness.RunAsync("report", out1);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("replicates.csv, line 2", result.Error);
        Assert.Equal(report, File.ReadAllBytes(Path.Combine(out1, "report.md")));
    }

    /// <summary>Runs the shipped patterns on the tiny calendar scenario; returns the scenario file and the folder.</summary>
    private async Task<(string Scenario, string Folder)> CheckAsync(int replicates)
    {
        string scenario = _dir.Write("tiny-calendar.yaml", CalibrationCliTests.TinyCalendar);
        string folder = _dir.Combine("patterns");
        var check = await CliHarness.RunAsync("patterns", scenario, "--patterns", Repo("scenarios", "patterns", "patterns.yaml"),
            "--replicates", replicates.ToString(CultureInfo.InvariantCulture), "--out", folder, "-q");
        Assert.True(check.ExitCode == 0, check.ToString());
        return (scenario, folder);
    }

    /// <summary>Whether a replicates.csv column (scope:metric:statistic key) is the measure patterns.csv describes as <paramref name="statistic"/> (a date or a statistic in words).</summary>
    private static bool IsStatistic(Scenario scenario, string column, string statistic)
    {
        string key = column[(column.LastIndexOf(':') + 1)..];
        int tick = PatternsParser.TickOn(scenario, DateOnly.ParseExact(statistic, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        return key == $"t{tick}";
    }
}
