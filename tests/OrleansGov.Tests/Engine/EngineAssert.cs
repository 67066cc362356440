using OrleansGov.Checkpoints;
using OrleansGov.Engine;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Engine;

/// <summary>Shared steps of the engine tests.</summary>
internal static class EngineAssert
{
    /// <summary>A run id no other test uses.</summary>
    public static string NewRunId(string name) => $"{name}-{Guid.NewGuid():N}";

    public static async Task<RunOutcome> ReferenceAsync(Scenario scenario)
    {
        var outcome = await new ReferenceEngine().RunAsync("reference", scenario, null, CancellationToken.None);
        Assert.Equal(RunStatus.Completed, outcome.Status);
        return outcome;
    }

    /// <summary>Guards against a vacuous comparison: the run moved mail across provinces and changed state.</summary>
    public static void NotTrivial(IReadOnlyList<ScopeMetrics> rows)
    {
        Assert.Contains(rows, r => r.Scope == MetricsRows.NationScope && r.ShareProvinceDeals > 0);
        Assert.Contains(rows, r => r.CloudAdoption > 0);
    }

    /// <summary>Every row equal (record equality, NaN equals NaN), tick by tick, scope by scope.</summary>
    public static void SameRows(IReadOnlyList<ScopeMetrics> expected, IReadOnlyList<ScopeMetrics> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    /// <summary>The run completed; else fails with its status and error.</summary>
    public static void Completed(RunOutcome outcome) =>
        Assert.True(outcome.Status == RunStatus.Completed, $"The run ended {outcome.Status}: {outcome.Error}");

    /// <summary>The run's only recovery; else fails naming every recovery recorded (none: the loss never reached the run).</summary>
    public static RecoveryRecord SingleRecovery(RunOutcome outcome)
    {
        Assert.True(outcome.Recoveries.Count == 1, $"{outcome.Recoveries.Count} recoveries where 1 was expected: [{string.Join("; ", outcome.Recoveries)}]");
        return outcome.Recoveries[0];
    }

    /// <summary>Polls the coordinator until <paramref name="done"/> holds (or fails after <paramref name="seconds"/>: a bound for "never", generous for a loaded CI machine).</summary>
    public static async Task<RunInfo> WaitForAsync(IRunCoordinatorGrain coordinator, Func<RunInfo, bool> done, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var info = await coordinator.GetStatusAsync();
            if (done(info))
            {
                return info;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting; last status {info}.");
            await Task.Delay(20);
        }
    }

    public static Task<RunInfo> WaitForEndAsync(IRunCoordinatorGrain coordinator) => WaitForAsync(coordinator, info => info.IsFinished);

    /// <summary>
    /// Cancels a started run when disposed — on every exit path, a failed assertion included — and
    /// waits (bounded) for it to end, so a long run never outlives its test.
    /// </summary>
    public static IAsyncDisposable CancelOnExit(IRunCoordinatorGrain coordinator) => new Canceller(coordinator);

    private sealed class Canceller(IRunCoordinatorGrain coordinator) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await coordinator.CancelAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!(await coordinator.GetStatusAsync()).IsFinished && !timeout.IsCancellationRequested)
            {
                await Task.Delay(20);
            }
        }
    }
}
