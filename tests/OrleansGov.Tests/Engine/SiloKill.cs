using Orleans.TestingHost;
using OrleansGov.Grains;
using OrleansGov.Runs;

namespace OrleansGov.Tests.Engine;

/// <summary>
/// Kills a silo under a run at a known point, whatever the machine's load: the run is paused at a tick
/// barrier once it has done enough ticks, the silo is killed, and the run resumes. Killing an in-process
/// silo takes seconds (1–8 s here) while the run's grains keep computing, so a run killed in flight
/// ended before its silo was gone when its ticks were fast: CI saw OutputsRecoveryTests' 120-tick run,
/// killed at tick 24, complete with no recovery; with the kill at tick 100 it fails so here
/// ("Assert.Single() Failure: The collection was empty", the run at 120 ticks when the kill returned).
/// Paused, the run makes no tick until the silo is gone; its next tick finds the silo's grains lost
/// (membership may still be settling) and the run must recover from its latest checkpoint.
/// </summary>
internal static class SiloKill
{
    /// <summary>How long the coordinator may stay unreachable after the kill (its silo lost, membership settling).</summary>
    private static readonly TimeSpan ResumeLimit = TimeSpan.FromSeconds(60);

    /// <returns>The run's status when it paused (its ticks done then: the tick the loss will be found at).</returns>
    public static async Task<RunInfo> KillWhilePausedAsync(this InProcessTestCluster cluster, InProcessSiloHandle victim, IRunCoordinatorGrain coordinator, int afterTicks)
    {
        await EngineAssert.WaitForAsync(coordinator, i => i.TicksDone >= afterTicks);
        await coordinator.PauseAsync();
        var paused = await EngineAssert.WaitForAsync(coordinator, i => i.Status == RunStatus.Paused || i.IsFinished);
        Assert.True(paused.Status == RunStatus.Paused, $"The run did not pause before the kill: {paused}");
        await cluster.KillSiloAsync(victim);
        await ResumeAsync(coordinator);
        return paused;
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
