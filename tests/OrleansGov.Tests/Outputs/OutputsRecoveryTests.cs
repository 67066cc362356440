using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansGov.Checkpoints;
using OrleansGov.Engine;
using OrleansGov.Grains;
using OrleansGov.Hosting;
using OrleansGov.Outputs;
using OrleansGov.Runs;
using OrleansGov.Tests.Engine;

namespace OrleansGov.Tests.Outputs;

/// <summary>
/// A run that loses a silo goes back to its last checkpoint and makes the rolled-back ticks again: its
/// declared outputs must still reach the writer once per tick, equal to the reference engine's.
/// Own cluster of four silos (the test breaks one).
/// </summary>
public sealed class OutputsRecoveryTests : IAsyncLifetime
{
    private readonly MemoryCheckpointStore _store = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(4);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<ICheckpointStore>(_store);
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

    [Fact]
    public async Task Outputs_of_a_run_that_lost_a_silo_equal_the_reference_engines_each_tick_once()
    {
        var scenario = OutputsAssert.Small(ticks: 120);
        var (_, expected) = await OutputsAssert.ReferenceAsync(scenario);
        string runId = EngineAssert.NewRunId("outputs-kill");
        var coordinator = _cluster.Client.GetGrain<IRunCoordinatorGrain>(runId);
        var actual = new List<TickOutputs>();

        var run = new OrleansEngine(_cluster.Client).RunAsync(runId, scenario, OutputsAssert.Collecting(actual, new RunPlan { CheckpointEvery = 10 }), null, CancellationToken.None);
        await _cluster.KillWhilePausedAsync(coordinator, afterTicks: 24);
        var outcome = await run;

        EngineAssert.Completed(outcome);
        var recovery = EngineAssert.SingleRecovery(outcome);
        Assert.True(recovery.TickResumed < recovery.TickLost, $"The rollback made no tick again: {recovery}"); // else the outputs path had nothing to skip
        OutputsAssert.Same(expected, actual);
    }
}
