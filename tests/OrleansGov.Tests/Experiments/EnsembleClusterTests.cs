using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansGov.Client;
using OrleansGov.Client.Experiments;
using OrleansGov.Hosting;
using OrleansGov.Metrics;
using OrleansGov.Tests.Cli;

namespace OrleansGov.Tests.Experiments;

/// <summary>
/// <c>batch --engine reference --cluster</c>'s dispatcher on a 2-silo in-process cluster: the runs spread over both silos and the results equal a local batch byte for
/// byte; a silo killed mid-batch loses its runs, which run again on the other, and the batch still ends
/// identical. Each test gets a fresh cluster (one breaks it).
/// </summary>
public sealed class EnsembleClusterTests : IAsyncLifetime, IDisposable
{
    /// <summary>2 arms × 3 replicates of small, 120 ticks.</summary>
    private const string Modes = """
        name: ensemble
        scenario: small
        seed: 3
        ticks: 120
        replicates: 3
        factors:
          mode: [loose, collaborative]
        baseline: loose
        keep:
          metrics: [cloud_adoption, leader_attention]
          scopes: [nation]
        """;

    /// <summary>
    /// 2 arms × 2 replicates of three-provinces for 1,000 ticks: about a second a run on an idle machine,
    /// so a silo killed at a run's first polled tick still has runs going (short runs all end before the
    /// kill on an idle machine; see BatchTests' kill test).
    /// </summary>
    private const string LongRuns = """
        name: long
        scenario: three-provinces
        seed: 3
        ticks: 1000
        replicates: 2
        factors:
          mode: [loose, collaborative]
        baseline: loose
        keep:
          metrics: [cloud_adoption]
          scopes: [nation]
        """;

    private readonly TempDir _dir = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddOrleansGov();
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
            });
        });
        builder.ConfigureClient(client => client.AddOrleansGov());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// The batch's engine replaced by the ensemble dispatcher on the test cluster's own client (the
    /// in-process cluster talks over in-memory connections, which an external client cannot reach);
    /// connecting to a real cluster is the same <c>--cluster</c> path as every verb's.
    /// </summary>
    private Task<CliResult> EnsembleBatchAsync(string file, string output, Action<TickMetrics>? afterTick = null) =>
        CliHarness.RunAsync(["batch", file, "--out", output, "--engine", "reference", "--parallel", "4", "--quiet"], CancellationToken.None, afterTick,
            _ => new EnsembleEngine(_cluster.Client, Serilog.Core.Logger.None));

    private async Task<string> LocalBatchAsync(string file)
    {
        var local = await CliHarness.RunAsync("batch", file, "--out", _dir.Combine("local"), "--engine", "reference", "--parallel", "2", "--quiet");
        Assert.True(local.ExitCode == ExitCodes.Ok, local.ToString());
        return _dir.Combine("local");
    }

    private static string[][] Placements(string batch) =>
        [.. File.ReadAllLines(Path.Combine(batch, "placement.csv")).Skip(1).Select(l => l.Split(','))];

    [Fact]
    public async Task A_batch_spreads_its_runs_over_both_silos_and_equals_a_local_batch_byte_for_byte()
    {
        string file = _dir.Write("ensemble.yaml", Modes);
        string local = await LocalBatchAsync(file);

        var ensemble = await EnsembleBatchAsync(file, _dir.Combine("cluster"));

        Assert.True(ensemble.ExitCode == ExitCodes.Ok, ensemble.ToString());
        EnsembleAssert.SameResults(local, _dir.Combine("cluster"));
        var placements = Placements(_dir.Combine("cluster"));
        Assert.Equal(6, placements.Length);
        Assert.All(placements, p => Assert.Equal("completed", p[4]));
        Assert.Equal(2, placements.Select(p => p[2]).Distinct().Count());
    }

    [Fact]
    public async Task A_silo_killed_mid_batch_loses_its_runs_which_run_again_elsewhere_and_the_batch_ends_identical()
    {
        string file = _dir.Write("long.yaml", LongRuns);
        string local = await LocalBatchAsync(file);
        var victim = _cluster.Silos[1];
        int killed = 0;
        void AfterTick(TickMetrics tick)
        {
            // At the first tick any run reports, runs are going on both silos: kill the second before any more is recorded.
            if (Interlocked.Exchange(ref killed, 1) == 0)
            {
                _cluster.KillSiloAsync(victim).GetAwaiter().GetResult();
            }
        }

        var ensemble = await EnsembleBatchAsync(file, _dir.Combine("cluster"), AfterTick);

        Assert.True(ensemble.ExitCode == ExitCodes.Ok, ensemble.ToString());
        Assert.Equal(1, killed);
        EnsembleAssert.SameResults(local, _dir.Combine("cluster"));
        var placements = Placements(_dir.Combine("cluster"));
        Assert.Contains(placements, p => p[4] == "lost" && p[2] == victim.SiloAddress.ToString());
        Assert.Equal(4, placements.Count(p => p[4] == "completed"));
    }

    [Fact]
    public async Task Shared_prefixes_run_on_a_silo_and_their_forks_equal_a_local_batch_of_whole_runs()
    {
        string file = _dir.Write("start-ticks.yaml", EnsembleTests.StartTicks);
        var whole = await CliHarness.RunAsync("batch", file, "--out", _dir.Combine("local"), "--engine", "reference", "--no-shared-prefix", "--quiet");
        Assert.True(whole.ExitCode == ExitCodes.Ok, whole.ToString());

        var ensemble = await EnsembleBatchAsync(file, _dir.Combine("cluster"));

        Assert.True(ensemble.ExitCode == ExitCodes.Ok, ensemble.ToString());
        EnsembleAssert.SameResults(_dir.Combine("local"), _dir.Combine("cluster"));
        var placements = Placements(_dir.Combine("cluster"));
        Assert.Equal(2, placements.Count(p => p[0].Contains("-prefix-", StringComparison.Ordinal) && p[4] == "completed"));
        Assert.Equal(8, placements.Count(p => p[4] == "completed")); // 6 runs and 2 prefixes
    }
}
