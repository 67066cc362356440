using OrleansGov.Ensemble;
using OrleansGov.Grains;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Experiments;

/// <summary>
/// An ensemble run is cooperative: told to stop — for want of polls (its lease), by its client, or by
/// its silo — it finishes at most the tick it is in and ends, rather than computing to its end for
/// nobody. Bounds are in ticks, never in wall-clock time. (The grain's deactivation and a killed silo are
/// in <see cref="EnsembleClusterTests"/>.)
/// </summary>
public sealed class EnsembleRunStopTests
{
    /// <summary>
    /// Ticks of an endless run: three-provinces runs ~3,000 ticks/s on one core here, so ~5 min of CPU — a run
    /// that cannot end by itself while a test watches it. 30,000 ticks (~10 s) was not enough: CI saw a run
    /// complete before the test's continuation, starved at load, got to cancel it (stop reason None).
    /// </summary>
    internal const int EndlessTicks = 1_000_000;

    /// <summary>three-provinces for <see cref="EndlessTicks"/> ticks (a prefix run to <paramref name="prefixTo"/>).</summary>
    internal static EnsembleRunRequest Endless(int prefixTo = 0) => new(ScenarioLoader.Load("three-provinces") with { Ticks = EndlessTicks }, null, prefixTo);

    /// <summary>Waits until the run has done a tick: it is under way, not stopped before it began.</summary>
    internal static async Task UnderWayAsync(EnsembleRun run)
    {
        while (run.Ticks == 0 && !run.Ended.IsCompleted)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>The run was stopped for <paramref name="reason"/> and finished at most the tick it was in.</summary>
    internal static void StoppedWithin1Tick(EnsembleRun run, EnsembleStop reason, bool underWay = true, int total = EndlessTicks)
    {
        var status = run.Progress(0).Status;
        Assert.True(reason == run.StopReason, $"stopped for {run.StopReason}, expected {reason}; the run is {status} after {run.Ticks} of {total} ticks");
        Assert.True(run.TicksAtStop >= (underWay ? 1 : 0), $"stopped at tick {run.TicksAtStop}, before it was under way");
        Assert.True(run.Ticks - run.TicksAtStop <= 1, $"told to stop after {run.TicksAtStop} ticks, it went on to {run.Ticks}");
        Assert.True(run.Ticks < total);
        Assert.Equal(RunStatus.Cancelled, status);
    }

    [Fact]
    public async Task A_run_nobody_polls_stops_within_a_tick_of_its_lease_expiring()
    {
        // Lease 1 s and no renewal: a client that died, or gave the attempt up and ran it elsewhere.
        var run = EnsembleRun.Start("lease", Endless(), TimeSpan.FromSeconds(1), CancellationToken.None);

        await run.Ended.WaitAsync(TimeSpan.FromMinutes(5));

        // Under load the lease may run out before the first tick: only the bound after it is asserted.
        StoppedWithin1Tick(run, EnsembleStop.LeaseExpired, underWay: false);
        Assert.True(run.Abandoned);
    }

    [Fact]
    public async Task A_prefix_run_stops_too_when_its_silo_stops()
    {
        using var silo = new CancellationTokenSource();
        var run = EnsembleRun.Start("prefix", Endless(prefixTo: EndlessTicks - 1), EnsembleRuns.DefaultLease, silo.Token);
        await UnderWayAsync(run);

        silo.Cancel();
        await run.Ended.WaitAsync(TimeSpan.FromMinutes(5));

        StoppedWithin1Tick(run, EnsembleStop.SiloStopping);
        Assert.Null(run.Checkpoint);
    }

    [Fact]
    public async Task A_run_its_client_cancels_is_cancelled_not_abandoned_and_later_reasons_do_not_overwrite_it()
    {
        using var silo = new CancellationTokenSource();
        var run = EnsembleRun.Start("cancel", Endless(), EnsembleRuns.DefaultLease, silo.Token);
        await UnderWayAsync(run);

        run.Cancel();
        silo.Cancel();
        await run.Ended.WaitAsync(TimeSpan.FromMinutes(5));

        StoppedWithin1Tick(run, EnsembleStop.Cancelled);
        Assert.False(run.Abandoned);
    }

    [Fact]
    public async Task A_run_that_ended_is_not_marked_stopped_by_a_later_signal()
    {
        using var silo = new CancellationTokenSource();
        var run = EnsembleRun.Start("short", Endless() with { Scenario = ScenarioLoader.Load("three-provinces") with { Ticks = 3 } },
            EnsembleRuns.DefaultLease, silo.Token);
        await run.Ended.WaitAsync(TimeSpan.FromMinutes(5));

        silo.Cancel();
        run.Stop(EnsembleStop.Deactivated);
        run.Renew();

        Assert.Equal(RunStatus.Completed, run.Progress(0).Status);
        Assert.Equal(3, run.Ticks);
        Assert.Equal(EnsembleStop.None, run.StopReason);
        Assert.False(run.Abandoned);
    }
}
