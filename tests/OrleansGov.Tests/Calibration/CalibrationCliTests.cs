using OrleansGov.Tests.Cli;
using OrleansGov.Tests.Dashboard;
using Xunit;

namespace OrleansGov.Tests.Calibration;

/// <summary>
/// The verbs end to end on the real model, kept tiny (three small provinces on the 2014–2021 calendar, a
/// few runs each): <c>patterns</c>, <c>calibrate</c> (with an interrupted and resumed calibration ending
/// byte-identical) and <c>claims --posterior</c>; bad input writes nothing and exits 2.
/// </summary>
public sealed class CalibrationCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Repo(params string[] parts) => Path.Combine([DashboardApiTests.FindRepoRoot(), .. parts]);

    internal const string TinyCalendar = """
        name: tiny-calendar
        seed: 42
        ticks: 416
        ticks-per-year: 52
        start-date: 2014-01-06
        mode: authority
        departments: [public-security, health]
        provinces:
          - { preset: guizhou, cities: 2, counties: 3, enterprises: 2, citizen-groups-per-county: 1 }
          - { preset: chongqing, counties: 2, enterprises: 2, citizen-groups-per-county: 1, cloud-chief-system: { start-tick: 281 }, office: { upgrade-at-tick: 333 } }
          - { preset: guangxi, cities: 2, counties: 3, enterprises: 2, citizen-groups-per-county: 1, cloud-chief-system: { start-tick: 242 } }
        """;

    private const string DefaultPriors = "  constants.migration.rate: [0.1, 0.5]\n  mechanisms.attention.decay-per-tick: [0.005, 0.05]\n";

    private string Calibration(string priors = DefaultPriors) =>
        CalibrationFile(_dir, priors);

    /// <summary>A tiny ABC-SMC calibration of the tiny calendar (written beside it as tiny-calendar.yaml) against the committed patterns.</summary>
    internal static string CalibrationFile(TempDir dir, string priors = DefaultPriors) =>
        dir.Write("calibration.yaml", $"""
            name: tiny
            scenario: tiny-calendar.yaml
            patterns: {Repo("scenarios", "patterns", "patterns.yaml")}
            seed: 3
            method: smc
            particles: 2
            batch: 2
            generations: 2
            max-runs: 10
            predictive: 2
            priors:
            {priors}
            """);

    [Fact]
    public async Task Patterns_checks_every_sourced_pattern_and_resumes_to_the_same_table()
    {
        string scenario = _dir.Write("tiny-calendar.yaml", TinyCalendar);
        string patterns = Repo("scenarios", "patterns", "patterns.yaml");
        string out1 = _dir.Combine("patterns");

        var first = await CliHarness.RunAsync("patterns", scenario, "--patterns", patterns, "--replicates", "2", "--out", out1, "-q");
        Assert.True(first.ExitCode == 0, first.ToString());
        var csv = File.ReadAllLines(Path.Combine(out1, "patterns.csv"));
        Assert.Equal(["guizhou-on-cloud-2019", "chongqing-on-cloud-2020", "guizhou-ahead-2019", "online-services-rise"], csv.Skip(1).Select(l => l.Split(',')[0]).Distinct());
        string report = File.ReadAllText(Path.Combine(out1, "report.md"));
        Assert.Contains("cac.gov.cn", report);
        Assert.Contains("## Sources", report);

        // A completed run is reused only for the scenario it ran: another one (other inputs, another sampler) is run again.
        var tiny = OrleansGov.Scenarios.ScenarioLoader.Load(scenario);
        var r01 = new OrleansGov.Client.Experiments.PlannedRun("r01", new("r01", []), new(1, 0));
        var folder = new OrleansGov.Client.Experiments.BatchFolder(out1);
        var ran = tiny with { Seed = OrleansGov.Client.Experiments.Designs.ReplicateSeeds(tiny.Seed, 2)[0] };
        Assert.True(OrleansGov.Client.Calibration.SimulationRuns.IsDone(folder, r01, ran));
        Assert.False(OrleansGov.Client.Calibration.SimulationRuns.IsDone(folder, r01, ran with { Seed = ran.Seed + 1 }));
        Assert.False(OrleansGov.Client.Calibration.SimulationRuns.IsDone(folder, r01, ran with { Dials = ran.Dials with { Vertical = 0.5 } }));

        var again = await CliHarness.RunAsync("patterns", scenario, "--patterns", patterns, "--replicates", "2", "--out", out1, "-q");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--resume", again.Error);

        byte[] before = File.ReadAllBytes(Path.Combine(out1, "patterns.csv"));
        Directory.Delete(Path.Combine(out1, "runs", "r02"), recursive: true);
        var resumed = await CliHarness.RunAsync("patterns", scenario, "--patterns", patterns, "--replicates", "2", "--out", out1, "--resume", "-q");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(out1, "patterns.csv")));

        // --strict: exit 4 (ExitCodes.PatternsDoNotHold) exactly when some pattern does not hold.
        var holding = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(Path.Combine(out1, "report.md")), @"(\d+) of (\d+) patterns hold");
        Assert.True(holding.Success);
        bool allHold = holding.Groups[1].Value == holding.Groups[2].Value;
        var strict = await CliHarness.RunAsync("patterns", scenario, "--patterns", patterns, "--replicates", "2", "--out", out1, "--resume", "--strict", "-q");
        Assert.True(strict.ExitCode == (allHold ? OrleansGov.Client.ExitCodes.Ok : OrleansGov.Client.ExitCodes.PatternsDoNotHold), strict.ToString());
    }

    [Fact]
    public async Task A_pattern_without_a_source_is_refused_and_nothing_is_written()
    {
        string scenario = _dir.Write("tiny-calendar.yaml", TinyCalendar);
        string text = File.ReadAllText(Repo("scenarios", "patterns", "patterns.yaml"));
        int start = text.IndexOf("    source:", StringComparison.Ordinal);
        int end = text.IndexOf("    metric:", start, StringComparison.Ordinal);
        string patterns = _dir.Write("unsourced.yaml", text.Remove(start, end - start));
        string out1 = _dir.Combine("never");

        var result = await CliHarness.RunAsync("patterns", scenario, "--patterns", patterns, "--out", out1, "-q");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unsourced.yaml:", result.Error);
        Assert.Contains("patterns[guizhou-on-cloud-2019].source", result.Error);
        Assert.Contains("invents no data", result.Error);
        Assert.False(Directory.Exists(out1));
    }

    [Fact]
    public async Task Calibrate_resumed_after_an_interruption_ends_identical_and_its_posterior_feeds_claims()
    {
        _dir.Write("tiny-calendar.yaml", TinyCalendar);
        string file = Calibration();
        string out1 = _dir.Combine("calibration");

        var first = await CliHarness.RunAsync("calibrate", file, "--out", out1, "--parallel", "2", "-q");
        Assert.True(first.ExitCode == 0, first.ToString());
        foreach (string f in new[] { "posterior.csv", "generations.csv", "posterior-summary.csv", "report.md", "plots/marginals.png", "plots/pairs.png", "gen-00/particles.csv", "predictive/patterns.csv", "predictive/plots/patterns.png" })
        {
            Assert.True(File.Exists(Path.Combine(out1, f)), f);
        }
        string[] compared = ["posterior.csv", "generations.csv", "gen-01/particles.csv", "predictive/patterns.csv"];
        var before = compared.Select(f => File.ReadAllBytes(Path.Combine(out1, f))).ToList();

        // An interruption in generation 1: its later runs, its table and everything after it are gone.
        foreach (string run in Directory.GetDirectories(Path.Combine(out1, "gen-01", "runs")).Order().Skip(1))
        {
            Directory.Delete(run, recursive: true);
        }
        File.Delete(Path.Combine(out1, "gen-01", "particles.csv"));
        Directory.Delete(Path.Combine(out1, "predictive"), recursive: true);
        File.Delete(Path.Combine(out1, "posterior.csv"));
        var resumed = await CliHarness.RunAsync("calibrate", file, "--out", out1, "--resume", "-q");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(before, compared.Select(f => File.ReadAllBytes(Path.Combine(out1, f))).ToList());

        // Claims as probabilities over that posterior, with and without a Sobol folder.
        string claims = _dir.Write("claims.yaml", """
            name: tiny-claims
            scenario: small
            timeline: none
            ticks: 12
            seed: 3
            replicates: 2
            sesoi: { coordination_messages: 1 }
            claims:
              - id: T1
                text: Authority coordinates more than loose.
                label: { kind: encoded, argument: Directives make messages. }
                metric: coordination_messages
                statistic: mean
                arms:
                  loose: { mode: loose }
                  authority: { mode: authority }
                conditions:
                  - { expect: authority > loose }
            """);
        Directory.CreateDirectory(_dir.Combine("sobol"));
        _dir.Write("sobol/indices.csv", "method,output,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi\nsobol,T1:authority-vs-loose,constants.migration.rate,0.5,0.4,0.6,0.6,0.5,0.7\n");
        string post = _dir.Combine("posterior-claims");
        var probabilities = await CliHarness.RunAsync("claims", claims, "--posterior", out1, "--draws", "3", "--replicates", "2",
            "--sensitivity", _dir.Combine("sobol"), "--out", post, "-q");
        Assert.True(probabilities.ExitCode == 0, probabilities.ToString());
        string md = File.ReadAllText(Path.Combine(post, "posterior.md"));
        Assert.Contains("| **T1** |", md);
        Assert.Contains("Wilson", md);
        Assert.Contains("constants.migration.rate (ST 0.60", md);
        var row = File.ReadAllLines(Path.Combine(post, "posterior.csv"))[1].Split(',');
        Assert.Equal(["T1", "encoded", "3"], row[..3]);

        var noSobol = await CliHarness.RunAsync("claims", claims, "--posterior", out1, "--draws", "3", "--replicates", "2",
            "--sensitivity", _dir.Combine("nowhere"), "--out", _dir.Combine("never"), "-q");
        Assert.Equal(2, noSobol.ExitCode);
        Assert.Contains("indices.csv", noSobol.Error);
        Assert.False(Directory.Exists(_dir.Combine("never")));
    }

    [Theory]
    [InlineData("  constants.migration.rate: [0.5, 0.1]\n", "priors.constants.migration.rate", "must be less than max")]
    [InlineData("  levers.nonsense: [0, 1]\n", "priors.levers.nonsense", "unknown parameter")]
    public async Task A_bad_calibration_file_exits_2_and_writes_nothing(string priors, string key, string words)
    {
        _dir.Write("tiny-calendar.yaml", TinyCalendar);
        string out1 = _dir.Combine("never");

        var result = await CliHarness.RunAsync("calibrate", Calibration(priors), "--out", out1, "-q");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("calibration.yaml:", result.Error);
        Assert.Contains(key, result.Error);
        Assert.Contains(words, result.Error);
        Assert.False(Directory.Exists(out1));
    }
}
