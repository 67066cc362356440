using OrleansGov.Engine;
using OrleansGov.Runs;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Model;

public class ReferenceEngineTests
{
    [Fact]
    public async Task Same_seed_gives_identical_metrics_and_a_different_seed_does_not()
    {
        var engine = new ReferenceEngine();
        var first = await engine.RunAsync("a", TestScenarios.Small(seed: 3), null, CancellationToken.None);
        var again = await engine.RunAsync("b", TestScenarios.Small(seed: 3), null, CancellationToken.None);
        var other = await engine.RunAsync("c", TestScenarios.Small(seed: 4), null, CancellationToken.None);
        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal(first.Metrics, again.Metrics);
        Assert.NotEqual(first.Metrics, other.Metrics);
    }

    [Fact]
    public async Task Produces_one_row_per_tick_and_scope_and_real_dynamics()
    {
        var scenario = TestScenarios.Small(ticks: 60);
        var progress = new List<int>();
        var outcome = await new ReferenceEngine().RunAsync("r", scenario, new SyncProgress(m => progress.Add(m.Tick)), CancellationToken.None);
        Assert.Equal(60 * 3, outcome.Metrics.Count);
        Assert.Equal(Enumerable.Range(0, 60), progress);
        var nation = outcome.Metrics.Where(r => r.Scope == MetricsRows.NationScope).ToList();
        Assert.True(nation[^1].CloudAdoption > nation[10].CloudAdoption);
        Assert.True(nation[^1].ShareWithinDeals > 0);
        Assert.True(nation[^1].Fragmentation < 1.0);
        Assert.InRange(nation[^1].LeaderAttention, 0.0, 1.0);
    }

    [Fact]
    public async Task Cancellation_stops_between_ticks_and_never_reports_completed()
    {
        using var cts = new CancellationTokenSource();
        var outcome = await new ReferenceEngine().RunAsync("x", TestScenarios.Small(ticks: 500),
            new SyncProgress(m => { if (m.Tick == 5) cts.Cancel(); }), cts.Token);
        Assert.Equal(RunStatus.Cancelled, outcome.Status);
        Assert.Equal(6 * 3, outcome.Metrics.Count);
    }

    /// <summary>IProgress that calls back synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<OrleansGov.Metrics.TickMetrics> report) : IProgress<OrleansGov.Metrics.TickMetrics>
    {
        public void Report(OrleansGov.Metrics.TickMetrics value) => report(value);
    }
}
