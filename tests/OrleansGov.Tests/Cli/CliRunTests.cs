using System.Text.Json;
using OrleansGov.Client;
using OrleansGov.Engine;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Cli;

/// <summary>`orleansgov run` end to end, in-process, on the `small` preset, with both engines.</summary>
public sealed class CliRunTests : IDisposable
{
    private const int Ticks = 12;

    /// <summary>The metrics.csv columns the README documents, in order.</summary>
    private static readonly string[] DocumentedColumns =
    [
        "tick", "scope", "cloud_adoption", "share_within_rate", "share_within_deals", "share_region_rate",
        "share_region_deals", "share_province_rate", "share_province_deals", "sharing_refusals", "fragmentation",
        "imbalance_gini", "directive_compliance", "leader_attention", "coordination_messages", "negotiation_rounds",
        "enterprise_engagement", "service_quality", "citizen_satisfaction", "participation", "platform_readiness",
        // Model 2.0 (docs/MODEL.md §8.2), appended so the first columns keep their places.
        "reported_adoption", "paper_share", "imbalance_sd", "share_within_closed", "share_region_closed",
        "share_province_closed", "share_within_rate_recent", "share_region_rate_recent", "share_province_rate_recent",
        "share_within_closed_recent", "share_region_closed_recent", "share_province_closed_recent",
        "directive_compliance_recent", "complaints", "initiative", "willingness", "directives_due", "directives_met",
    ];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<string> RunSmall(string engine, string runId, ulong seed = 11)
    {
        var result = await CliHarness.RunAsync("run", "small", "--engine", engine, "--ticks", Ticks.ToString(),
            "--seed", seed.ToString(), "--out", _dir.Path, "--run-id", runId, "--quiet");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        return _dir.Combine(runId);
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("orleans")]
    public async Task Run_writes_a_complete_results_folder(string engine)
    {
        string folder = await RunSmall(engine, "r1");

        Assert.True(File.Exists(Path.Combine(folder, "manifest.json")));
        Assert.True(File.Exists(Path.Combine(folder, "metrics.csv")));
        Assert.True(File.Exists(Path.Combine(folder, "summary.json")));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        Assert.False(File.Exists(Path.Combine(folder, ".claim")));

        var manifest = CliHarness.ReadJson(Path.Combine(folder, "manifest.json"));
        Assert.Equal("completed", manifest.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, manifest.GetProperty("error").ValueKind);
        Assert.Equal(engine, manifest.GetProperty("engine").GetString());
        Assert.Equal(11UL, manifest.GetProperty("seed").GetUInt64());
        Assert.Equal(Ticks, manifest.GetProperty("ticks_completed").GetInt32());
        Assert.Equal(11UL, manifest.GetProperty("scenario").GetProperty("seed").GetUInt64());
        Assert.Equal(Ticks, manifest.GetProperty("scenario").GetProperty("ticks").GetInt32());
        Assert.True(manifest.GetProperty("ended_utc").GetDateTimeOffset() >= manifest.GetProperty("started_utc").GetDateTimeOffset());
        if (engine == "orleans")
        {
            Assert.True(manifest.GetProperty("silo_count").GetInt32() >= 1);
        }
        var provinces = manifest.GetProperty("scenario").GetProperty("provinces").EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()!).ToArray();
        Assert.NotEmpty(provinces);

        var lines = File.ReadAllLines(Path.Combine(folder, "metrics.csv"));
        Assert.Equal(DocumentedColumns, lines[0].Split(','));
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(Ticks * (provinces.Length + 1), rows.Length);
        Assert.All(rows, r => Assert.Equal(DocumentedColumns.Length, r.Length));
        // Each tick: the nation first, then the provinces in scenario order.
        for (int t = 0; t < Ticks; t++)
        {
            var tickRows = rows.Skip(t * (provinces.Length + 1)).Take(provinces.Length + 1).ToArray();
            Assert.All(tickRows, r => Assert.Equal(t.ToString(), r[0]));
            Assert.Equal(["nation", .. provinces], tickRows.Select(r => r[1]));
        }

        var summary = CliHarness.ReadJson(Path.Combine(folder, "summary.json"));
        var scopes = summary.GetProperty("scopes").EnumerateArray().ToArray();
        Assert.Equal(["nation", .. provinces], scopes.Select(s => s.GetProperty("scope").GetString()));
        foreach (var scope in scopes)
        {
            Assert.Equal(Ticks, scope.GetProperty("ticks").GetInt32());
            var finals = scope.GetProperty("final").EnumerateObject().Select(p => p.Name);
            Assert.Equal(DocumentedColumns.Skip(2), finals);
            Assert.True(scope.TryGetProperty("first_tick_cloud_adoption_50", out _));
            Assert.True(scope.TryGetProperty("first_tick_cloud_adoption_80", out _));
        }
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("orleans")]
    public async Task Same_seed_gives_byte_identical_metrics_and_summary(string engine)
    {
        string a = await RunSmall(engine, "a");
        string b = await RunSmall(engine, "b");
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "metrics.csv")), File.ReadAllBytes(Path.Combine(b, "metrics.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "summary.json")), File.ReadAllBytes(Path.Combine(b, "summary.json")));
    }

    [Fact]
    public async Task Reference_and_orleans_engines_write_identical_metrics()
    {
        string reference = await RunSmall("reference", "ref");
        string orleans = await RunSmall("orleans", "orl");
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "metrics.csv")), File.ReadAllBytes(Path.Combine(orleans, "metrics.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "summary.json")), File.ReadAllBytes(Path.Combine(orleans, "summary.json")));
    }

    /// <summary>Needs the real agent rules: with stubbed rules every seed gives the same (empty) metrics.</summary>
    [Fact]
    public async Task Different_seed_gives_different_metrics()
    {
        string a = await RunSmall("reference", "s1", seed: 1);
        string b = await RunSmall("reference", "s2", seed: 2);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(a, "metrics.csv")), File.ReadAllBytes(Path.Combine(b, "metrics.csv")));
    }

    [Fact]
    public async Task A_scenario_file_runs_and_its_values_reach_the_manifest()
    {
        string file = _dir.Write("cli-test.yaml", TestYaml.Valid);
        var result = await CliHarness.RunAsync("run", file, "--engine", "reference", "--out", _dir.Combine("out"), "--quiet");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        string folder = Assert.Single(Directory.GetDirectories(_dir.Combine("out")));
        Assert.StartsWith("cli-test-s5-", Path.GetFileName(folder));
        var manifest = CliHarness.ReadJson(Path.Combine(folder, "manifest.json"));
        Assert.Equal("completed", manifest.GetProperty("status").GetString());
        Assert.Equal("collaborative", manifest.GetProperty("scenario").GetProperty("mode").GetString());
        Assert.Equal(12 * 3, File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Length - 1);
    }

    [Fact]
    public async Task Default_run_ids_never_collide()
    {
        var first = await CliHarness.RunAsync("run", "small", "--engine", "reference", "--ticks", "2", "--out", _dir.Path, "--quiet");
        var second = await CliHarness.RunAsync("run", "small", "--engine", "reference", "--ticks", "2", "--out", _dir.Path, "--quiet");
        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Equal(2, Directory.GetDirectories(_dir.Path).Length);
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("orleans")]
    public async Task A_cancelled_run_says_cancelled_and_keeps_partial_metrics(string engine)
    {
        // Long enough that the cancel at tick 4 always lands before the end, even though the Orleans
        // engine's progress (from the metrics stream) may trail the coordinator by a few ticks.
        // The timeout ends the 2000-tick run even if the cancel at tick 4 never comes (a failing test).
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var result = await CliHarness.RunAsync(
            ["run", "small", "--engine", engine, "--ticks", "2000", "--out", _dir.Path, "--run-id", "c", "--quiet"],
            cancellation.Token,
            afterTick: m => { if (m.Tick == 4) cancellation.Cancel(); });

        Assert.True(result.ExitCode == ExitCodes.Cancelled, result.ToString());
        string folder = _dir.Combine("c");
        var manifest = CliHarness.ReadJson(Path.Combine(folder, "manifest.json"));
        Assert.Equal("cancelled", manifest.GetProperty("status").GetString());
        int done = manifest.GetProperty("ticks_completed").GetInt32();
        Assert.InRange(done, 5, 1999);
        Assert.False(File.Exists(Path.Combine(folder, "summary.json")));
        int scopes = manifest.GetProperty("scenario").GetProperty("provinces").GetArrayLength() + 1;
        Assert.Equal(done * scopes, File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Length - 1);
    }

    [Fact]
    public async Task A_failed_run_says_failed_with_its_error()
    {
        var result = await CliHarness.RunAsync(
            ["run", "small", "--engine", "reference", "--ticks", "10", "--out", _dir.Path, "--run-id", "f", "--quiet"],
            CancellationToken.None,
            wrapEngine: inner => new FailingEngine(inner, failAfterTick: 3));

        Assert.True(result.ExitCode == ExitCodes.Failed, result.ToString());
        Assert.Contains("agent exploded", result.Error);
        var manifest = CliHarness.ReadJson(_dir.Combine("f", "manifest.json"));
        Assert.Equal("failed", manifest.GetProperty("status").GetString());
        Assert.Contains("agent exploded", manifest.GetProperty("error").GetString());
        Assert.Equal(4, manifest.GetProperty("ticks_completed").GetInt32());
        Assert.False(File.Exists(_dir.Combine("f", "summary.json")));
    }

    [Fact]
    public async Task An_engine_that_claims_completion_without_every_tick_is_recorded_as_failed()
    {
        var result = await CliHarness.RunAsync(
            ["run", "small", "--engine", "reference", "--ticks", "10", "--out", _dir.Path, "--run-id", "short", "--quiet"],
            CancellationToken.None,
            wrapEngine: inner => new FailingEngine(inner, failAfterTick: 3, claimCompleted: true));

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        var manifest = CliHarness.ReadJson(_dir.Combine("short", "manifest.json"));
        Assert.Equal("failed", manifest.GetProperty("status").GetString());
    }

    /// <summary>Runs the real engine, then throws (or lies about completion) after a given tick.</summary>
    private sealed class FailingEngine(ISimulationEngine inner, int failAfterTick, bool claimCompleted = false) : ISimulationEngine
    {
        public string Name => inner.Name;

        public async Task<RunOutcome> RunAsync(string runId, Scenario scenario, IProgress<TickMetrics>? progress, CancellationToken cancellationToken)
        {
            var shortened = scenario with { Ticks = failAfterTick + 1 };
            var outcome = await inner.RunAsync(runId, shortened, progress, cancellationToken);
            if (claimCompleted)
            {
                return outcome with { Status = RunStatus.Completed };
            }
            throw new InvalidOperationException("agent exploded at tick " + (failAfterTick + 1));
        }
    }
}
