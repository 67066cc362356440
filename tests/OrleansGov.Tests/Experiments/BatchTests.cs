using System.Diagnostics;
using System.Globalization;
using OrleansGov.Client;
using OrleansGov.Client.Experiments;
using OrleansGov.Engine;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Cli;

namespace OrleansGov.Tests.Experiments;

/// <summary>`orleansgov batch` and `orleansgov report` end to end on the `small` preset, mostly with the reference engine.</summary>
public sealed class BatchTests : IDisposable
{
    /// <summary>2 arms × 3 replicates of 8 ticks.</summary>
    public const string Tiny = """
        name: tiny
        scenario: small
        seed: 11
        ticks: 8
        replicates: 3
        factors:
          mode: [loose, collaborative]
        baseline: loose
        keep:
          metrics: [cloud_adoption, leader_attention, coordination_messages]
          scopes: [nation, south]
        milestones:
          - { metric: leader_attention, at-most: 0.85 }
        """;

    /// <summary>How long a test may wait for a child process's sign of progress before it takes it for hung (not a timing assertion).</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    private static readonly string[] Tables = ["runs.csv", "series.csv", "series.parquet", "comparison.csv", "report.md"];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<string> Batch(string yaml, string outName, string engine = "reference", params string[] extra)
    {
        string file = _dir.Write(outName + ".yaml", yaml);
        string output = _dir.Combine(outName);
        var result = await CliHarness.RunAsync(["batch", file, "--out", output, "--engine", engine, "--quiet", .. extra]);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        return output;
    }

    private static string[][] Csv(string path) => [.. File.ReadAllLines(path).Select(l => l.Split(','))];

    private static void AssertSameTables(string a, string b)
    {
        foreach (string table in Tables)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(a, table)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, table))), table + " differs");
        }
    }

    [Fact]
    public async Task A_small_experiment_writes_every_table_with_correct_statistics()
    {
        string dir = await Batch(Tiny, "tiny");

        foreach (string file in (string[])[.. Tables, "experiment.yaml", "batch.log"])
        {
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
        }
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
        Assert.Equal(6, Directory.GetDirectories(Path.Combine(dir, "runs")).Length);
        // The default plots: the nation's key metrics over time and one overview of every kept metric; nothing per province.
        foreach (string plot in (string[])["nation-cloud_adoption.png", "nation-cloud_adoption.svg", "nation-leader_attention.png", "overview.png"])
        {
            Assert.True(new FileInfo(Path.Combine(dir, "plots", plot)).Length > 1000, plot);
        }
        Assert.Equal(5, Directory.GetFiles(Path.Combine(dir, "plots")).Length); // 2 key metrics × PNG and SVG, and overview.png
        Assert.False(File.Exists(Path.Combine(dir, "plots", "south-leader_attention.png")));

        // runs.csv: one row per run, canonical order, factor values, the documented seeds, measures per kept scope.
        var runs = Csv(Path.Combine(dir, "runs.csv"));
        string[] measures = ["final_cloud_adoption", "final_leader_attention", "final_coordination_messages", "mean_cloud_adoption",
            "mean_leader_attention", "mean_coordination_messages", "tick_leader_attention_le_0.85"];
        Assert.Equal(["run", "arm", "replicate", "seed", "mode", "status", "error", .. measures.Select(m => "nation_" + m), .. measures.Select(m => "south_" + m)], runs[0]);
        Assert.Equal(["loose-r01", "loose-r02", "loose-r03", "collaborative-r01", "collaborative-r02", "collaborative-r03"], runs.Skip(1).Select(r => r[0]));
        var seeds = Designs.ReplicateSeeds(11, 3);
        Assert.Equal([.. seeds, .. seeds], runs.Skip(1).Select(r => ulong.Parse(r[3], CultureInfo.InvariantCulture)));
        Assert.All(runs.Skip(1), r => Assert.Equal("completed", r[5]));

        // Each run folder is an ordinary results folder, with the replicate's seed and the arm's mode.
        var manifest = CliHarness.ReadJson(Path.Combine(dir, "runs", "collaborative-r02", "manifest.json"));
        Assert.Equal("completed", manifest.GetProperty("status").GetString());
        Assert.Equal(seeds[1], manifest.GetProperty("seed").GetUInt64());
        Assert.Equal("collaborative", manifest.GetProperty("scenario").GetProperty("mode").GetString());
        Assert.Equal(8, manifest.GetProperty("scenario").GetProperty("ticks").GetInt32());

        // runs.csv values come from the run's own metrics.csv: final = last tick, mean = mean over ticks.
        var metrics = Csv(Path.Combine(dir, "runs", "loose-r02", "metrics.csv"));
        int adoption = Array.IndexOf(metrics[0], "cloud_adoption"), attention = Array.IndexOf(metrics[0], "leader_attention");
        var nation = metrics.Skip(1).Where(r => r[1] == "nation").ToArray();
        double Cell(string[] row, string column) => double.Parse(row[Array.IndexOf(runs[0], column)], CultureInfo.InvariantCulture);
        Assert.Equal(double.Parse(nation[^1][adoption], CultureInfo.InvariantCulture), Cell(runs[2], "nation_final_cloud_adoption"));
        Assert.Equal(nation.Average(r => double.Parse(r[attention], CultureInfo.InvariantCulture)), Cell(runs[2], "nation_mean_leader_attention"), 12);
        int firstLow = Array.FindIndex(nation, r => double.Parse(r[attention], CultureInfo.InvariantCulture) <= 0.85);
        Assert.Equal(firstLow < 0 ? "" : firstLow.ToString(CultureInfo.InvariantCulture), runs[2][Array.IndexOf(runs[0], "nation_tick_leader_attention_le_0.85")]);

        // comparison.csv agrees with statistics recomputed from runs.csv.
        var comparison = Csv(Path.Combine(dir, "comparison.csv"));
        Assert.Equal(["scope", "measure", "arm", "baseline", "n_runs", "n", "mean", "sd", "ci95_low", "ci95_high",
            "diff_vs_baseline", "diff_ci95_low", "diff_ci95_high", "welch_df", "cohens_d"], comparison[0]);
        Assert.Equal(2 * measures.Length * 2 + 1, comparison.Length);
        double[] Values(string arm, string column) => [.. runs.Skip(1).Where(r => r[1] == arm).Select(r => Cell(r, column))];
        var loose = Statistics.Summarize(Values("loose", "nation_mean_coordination_messages"));
        var collab = Statistics.Summarize(Values("collaborative", "nation_mean_coordination_messages"));
        Assert.True(loose.Sd > 0 && collab.Sd > 0, "the check needs a measure that varies across replicates");
        var row = comparison.Single(r => r[0] == "nation" && r[1] == "mean_coordination_messages" && r[2] == "collaborative");
        double Num(int i) => double.Parse(row[i], CultureInfo.InvariantCulture);
        Assert.Equal((3, 3), (int.Parse(row[4]), int.Parse(row[5])));
        Assert.Equal(collab.Mean, Num(6), 12);
        Assert.Equal(collab.Sd, Num(7), 12);
        Assert.Equal(collab.CiLow, Num(8), 12);
        var diff = Statistics.Compare(collab, loose);
        Assert.Equal(diff.Value, Num(10), 12);
        Assert.Equal(diff.CiLow, Num(11), 12);
        Assert.Equal(diff.CohensD, Num(14), 12);
        var baselineRow = comparison.Single(r => r[0] == "nation" && r[1] == "mean_coordination_messages" && r[2] == "loose");
        Assert.Equal("yes", baselineRow[3]);
        Assert.Equal("", baselineRow[10]);

        // The tidy series: one row per run, tick and kept scope.
        var series = Csv(Path.Combine(dir, "series.csv"));
        Assert.Equal(["run", "arm", "replicate", "seed", "tick", "scope", "cloud_adoption", "leader_attention", "coordination_messages"], series[0]);
        Assert.Equal(6 * 8 * 2, series.Length - 1);

        string report = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("Runs completed: 6 of 6", report);
        Assert.Contains("](plots/nation-cloud_adoption.png)", report);
        Assert.Contains("](plots/overview.png)", report);
        Assert.Contains("2 arms × 3 replicates = 6 runs", report);
        Assert.DoesNotContain("-final.png", report); // no links to plots the default set does not write
    }

    [Fact]
    public async Task The_same_experiment_twice_gives_identical_tables_and_report_regenerates_them()
    {
        string a = await Batch(Tiny, "a", "reference", "--parallel", "3");
        string b = await Batch(Tiny, "b", "reference", "--parallel", "1");
        AssertSameTables(a, b);

        var before = Tables.ToDictionary(t => t, t => File.ReadAllBytes(Path.Combine(a, t)));
        foreach (string t in Tables.Where(t => t != "experiment.json"))
        {
            File.Delete(Path.Combine(a, t));
        }
        Directory.Delete(Path.Combine(a, "plots"), recursive: true);
        var result = await CliHarness.RunAsync("report", a);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.All(Tables, t => Assert.Equal(before[t], File.ReadAllBytes(Path.Combine(a, t))));
        Assert.False(File.Exists(Path.Combine(a, "plots", "south-leader_attention.png")));
        var all = await CliHarness.RunAsync("report", a, "--plots", "all");
        Assert.True(all.ExitCode == ExitCodes.Ok, all.ToString());
        foreach (string plot in (string[])["south-leader_attention.png", "south-leader_attention-final.svg", "south-coordination_messages-final.png", "overview.png"])
        {
            Assert.True(File.Exists(Path.Combine(a, "plots", plot)), plot);
        }
        Assert.Contains("](plots/south-leader_attention-final.png)", File.ReadAllText(Path.Combine(a, "report.md")));
        var bad = await CliHarness.RunAsync("report", a, "--plots", "some");
        Assert.Equal(ExitCodes.BadInput, bad.ExitCode);
        Assert.Contains("--plots must be default or all", bad.Error);
    }

    [Fact]
    public async Task Orleans_engine_batch_gives_the_same_tables_as_the_reference_engine()
    {
        const string Yaml = """
            name: engines
            scenario: small
            seed: 5
            ticks: 5
            seeds: [3, 4]
            factors:
              levers.linkage: [0, 0.8]
            keep: { metrics: [cloud_adoption, negotiation_rounds], scopes: [nation] }
            """;
        string orleans = await Batch(Yaml, "orleans", "orleans", "--parallel", "2");
        string reference = await Batch(Yaml, "reference", "reference");
        AssertSameTables(orleans, reference);
        var manifest = CliHarness.ReadJson(Path.Combine(orleans, "runs", "0.8-r02", "manifest.json"));
        Assert.Equal("orleans", manifest.GetProperty("engine").GetString());
        Assert.Equal(4UL, manifest.GetProperty("seed").GetUInt64());
    }

    [Fact]
    public async Task A_failed_run_is_recorded_the_batch_goes_on_and_resume_completes_it()
    {
        string file = _dir.Write("tiny.yaml", Tiny);
        string output = _dir.Combine("failing");
        ulong badSeed = Designs.ReplicateSeeds(11, 3)[1];
        var result = await CliHarness.RunAsync(["batch", file, "--out", output, "--engine", "reference", "--quiet"], CancellationToken.None,
            wrapEngine: e => new FailingEngine(e, badSeed));
        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("2 of 6 runs did not complete", result.Error);
        var runs = Csv(Path.Combine(output, "runs.csv"));
        var failed = runs.Where(r => r[5] == "failed").Select(r => r[0]).ToArray();
        Assert.Equal(["loose-r02", "collaborative-r02"], failed);
        Assert.Contains("injected failure", File.ReadAllText(Path.Combine(output, "runs.csv")));
        var comparison = Csv(Path.Combine(output, "comparison.csv"));
        Assert.All(comparison.Skip(1).Where(r => r[1] == "final_cloud_adoption"), r => Assert.Equal("2", r[4]));

        var again = await CliHarness.RunAsync("batch", file, "--out", output, "--engine", "reference", "--quiet");
        Assert.Equal(ExitCodes.BadInput, again.ExitCode); // an existing folder needs --resume
        var resumed = await CliHarness.RunAsync("batch", file, "--out", output, "--engine", "reference", "--quiet", "--resume");
        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        AssertSameTables(output, await Batch(Tiny, "clean"));
    }

    [Fact]
    public async Task Resume_refuses_a_folder_of_another_experiment()
    {
        string dir = await Batch(Tiny, "one");
        string other = _dir.Write("other.yaml", Tiny.Replace("seed: 11", "seed: 12"));
        var result = await CliHarness.RunAsync("batch", other, "--out", dir, "--engine", "reference", "--resume");
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("different experiment", result.Error);
    }

    /// <summary>
    /// The real thing: the CLI in its own process is killed (SIGKILL) in the middle of a batch; the folder
    /// then holds completed, half-written and missing runs. --resume runs only what is not completed and
    /// ends with tables byte-identical to an uninterrupted batch.
    /// </summary>
    [Fact]
    public async Task Killed_mid_batch_then_resume_gives_the_tables_of_an_uninterrupted_batch()
    {
        // Runs long enough that the kill, sent once two runs are done, lands mid-batch on an idle machine as on a loaded one:
        // at 600 ticks a run of `small` took ~40 ms on an idle CI machine, so all 16 finished before the kill arrived;
        // at 5,000 ticks a run takes ~0.35 s there, leaving ~2.7 s of runs still to do when the kill is sent.
        string yaml = Tiny.Replace("ticks: 8", "ticks: 5000").Replace("replicates: 3", "replicates: 8");
        string file = _dir.Write("killed.yaml", yaml);
        string output = _dir.Combine("killed");
        string cli = Path.Combine(AppContext.BaseDirectory, "orleansgov.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])["exec", cli, "batch", file, "--out", output, "--engine", "reference", "--quiet"])
        {
            start.ArgumentList.Add(arg);
        }
        using (var process = Process.Start(start)!)
        {
            // Read as they come: a child blocked on a full pipe would make no progress.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            var plan = ExperimentParser.Load(file).Plan;
            var folder = new BatchFolder(output);
            // No time limit on the kill's signal (two runs completed): this loop used to give up after 60 s, and at load
            // 30-45 the child's start-up and first two runs took longer, so the kill landed before any run had completed.
            // The guard below only stops a hung child from hanging the test suite.
            // The watch and the kill run on a thread of their own (OwnThread), not in Task.Delay continuations: those wait
            // for a pool thread of this test host, which other tests load, while the child goes on with its runs.
            var hung = Stopwatch.StartNew();
            await OwnThread.Run(() =>
            {
                while (!process.HasExited && plan.Runs().Count(folder.IsCompleted) < 2 && hung.Elapsed < HangGuard)
                {
                    Thread.Sleep(5);
                }
                process.Kill(entireProcessTree: true);
                return true;
            });
            await process.WaitForExitAsync();
            int done = plan.Runs().Count(folder.IsCompleted);
            Assert.True(done is >= 2 and < 16,
                $"the kill must land mid-batch ({done} of 16 runs completed after {hung.Elapsed.TotalSeconds:0} s; the batch process: exit {process.ExitCode}, {await stdout} {await stderr})");
            Assert.False(File.Exists(Path.Combine(output, "runs.csv")));
        }

        var resumed = await CliHarness.RunAsync("batch", file, "--out", output, "--engine", "reference", "--quiet", "--resume");
        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        string clean = await Batch(yaml, "uninterrupted");
        AssertSameTables(output, clean);
    }

    /// <summary>Ctrl-C mid-batch: running runs end as cancelled, no tables, exit 130; --resume finishes identically.</summary>
    [Fact]
    public async Task Cancelled_mid_batch_then_resume_gives_the_same_tables()
    {
        string file = _dir.Write("tiny.yaml", Tiny);
        string output = _dir.Combine("cancelled");
        using var cts = new CancellationTokenSource();
        int ticks = 0;
        var result = await CliHarness.RunAsync(["batch", file, "--out", output, "--engine", "reference", "--quiet"], cts.Token,
            afterTick: _ => { if (++ticks == 20) cts.Cancel(); });
        Assert.Equal(ExitCodes.Cancelled, result.ExitCode);
        Assert.Contains("--resume", result.Error);
        Assert.Contains("\"cancelled\"", File.ReadAllText(Path.Combine(output, "runs", "loose-r03", "manifest.json")));
        Assert.False(File.Exists(Path.Combine(output, "runs.csv")));

        var resumed = await CliHarness.RunAsync("batch", file, "--out", output, "--engine", "reference", "--quiet", "--resume");
        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        AssertSameTables(output, await Batch(Tiny, "clean"));
    }

    /// <summary>Fails every run with the given seed.</summary>
    private sealed class FailingEngine(ISimulationEngine inner, ulong seed) : ISimulationEngine
    {
        public string Name => inner.Name;

        public Task<RunOutcome> RunAsync(string runId, Scenario scenario, IProgress<TickMetrics>? progress, CancellationToken cancellationToken) =>
            scenario.Seed == seed
                ? Task.FromResult(new RunOutcome(RunStatus.Failed, [], 0, "injected failure"))
                : inner.RunAsync(runId, scenario, progress, cancellationToken);
    }
}
