using Orleans.TestingHost;
using OrleansGov.Grains;
using OrleansGov.Runs;

namespace OrleansGov.Tests.Engine;

/// <summary>
/// Kills a silo under a run at a known point, whatever the machine's load: the run is paused at a tick
/// barrier once it has done enough ticks, a silo that holds some of its state is killed, and the run
/// resumes. Killing an in-process silo takes seconds (1–8 s here) while the run's grains keep computing,
/// so a run killed in flight ended before its silo was gone when its ticks were fast: CI saw
/// OutputsRecoveryTests' 120-tick run, killed at tick 24, end with no recovery; with the kill at tick 100
/// it fails so here ("Assert.Single() Failure: The collection was empty", the run at 120 ticks when the
/// kill returned). And governments are placed at random: a silo chosen before the run could host none of
/// a small run's (1 kill in 8 here recovered nothing, though paused). Paused, the run makes no tick until
/// the silo is gone; its next tick finds the silo's grains lost (membership may still be settling), and it
/// must recover from its latest checkpoint.
/// </summary>
internal static class SiloKill
{
    /// <summary>How long the coordinator may stay unreachable after the kill (its silo lost, membership settling).</summary>
    private static readonly TimeSpan ResumeLimit = TimeSpan.FromSeconds(60);

    /// <param name="victim">The silo to kill; by default the secondary silo, other than the coordinator's, that hosts the most of the run's grains.</param>
    /// <returns>The run's status when it paused (its ticks done then: the tick the loss will be found at).</returns>
    public static async Task<RunInfo> KillWhilePausedAsync(this InProcessTestCluster cluster, IRunCoordinatorGrain coordinator, int afterTicks, InProcessSiloHandle? victim = null)
    {
        await EngineAssert.WaitForAsync(coordinator, i => i.TicksDone >= afterTicks);
        await coordinator.PauseAsync();
        var paused = await EngineAssert.WaitForAsync(coordinator, i => i.Status == RunStatus.Paused || i.IsFinished);
        Assert.True(paused.Status == RunStatus.Paused, $"The run did not pause before the kill: {paused}");
        await cluster.KillSiloAsync(victim ?? await RunHostAsync(cluster, coordinator));
        await ResumeAsync(coordinator);
        return paused;
    }

    /// <summary>The secondary silo (the primary holds the test cluster's membership), other than the coordinator's, that hosts the most of the run's grains.</summary>
    private static async Task<InProcessSiloHandle> RunHostAsync(InProcessTestCluster cluster, IRunCoordinatorGrain coordinator)
    {
        string prefix = coordinator.GetPrimaryKeyString() + "/"; // the run's grain keys: GrainKeys.Agent
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var coordinatorSilo = await management.GetActivationAddress(coordinator);
        var grains = await management.GetDetailedGrainStatistics();
        var hosts = cluster.Silos.Skip(1)
            .Where(s => !s.SiloAddress.Equals(coordinatorSilo))
            .Select(s => (Silo: s, Grains: grains.Count(g => g.SiloAddress.Equals(s.SiloAddress) && g.GrainId.Key.ToString()!.StartsWith(prefix, StringComparison.Ordinal))))
            .OrderByDescending(h => h.Grains)
            .ToList();
        Assert.True(hosts.Count > 0 && hosts[0].Grains > 0, $"No secondary silo but the coordinator's hosts a grain of the run ({prefix}*)");
        return hosts[0].Silo;
    }

    /// <summary>Resumes the run; a coordinator lost with the silo is reached again once a survivor has taken it over.</summary>
    private static async Task ResumeAsync(IRunCoordinatorGrain coordinator)
    {
        var deadline = DateTime.UtcNow + ResumeLimit;
        while (true)
        {
            try
            {
                await coordinator.ResumeAsync();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }
}
