using Orleans.Runtime;
using Orleans.Streams;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Engine;

/// <summary>
/// Runs a scenario on an Orleans cluster (embedded silo or remote): starts the run's coordinator,
/// feeds <c>progress</c> from the run's metrics stream, polls the coordinator's status until the run
/// ends, cancels the run when asked, and returns the coordinator's stored rows.
/// </summary>
public sealed class OrleansEngine(IClusterClient client) : ISimulationEngine, IRunIdClaims
{
    public string Name => "orleans";

    public Task<bool> TryClaimRunIdAsync(string runId, string claimant) =>
        client.GetGrain<IRunCoordinatorGrain>(runId).ClaimAsync(claimant);

    /// <summary>How often the coordinator's status is polled.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long to wait after the end for the stream to deliver the last ticks before reporting them from the stored rows.</summary>
    public TimeSpan StreamGrace { get; init; } = TimeSpan.FromSeconds(5);

    public async Task<RunOutcome> RunAsync(string runId, Scenario scenario, IProgress<TickMetrics>? progress, CancellationToken cancellationToken)
    {
        var coordinator = client.GetGrain<IRunCoordinatorGrain>(runId);
        var relay = new ProgressRelay(progress);
        var stream = OrleansMetricsStream.Of(client.GetStreamProvider(GrainKeys.MetricsProvider), runId);
        var subscription = await stream.SubscribeAsync((metrics, _) =>
        {
            relay.Receive(metrics);
            return Task.CompletedTask;
        });
        try
        {
            await coordinator.StartAsync(scenario);
            var info = await WaitForEndAsync(coordinator, cancellationToken);
            var rows = await coordinator.GetMetricsAsync(0);
            await relay.CatchUpAsync(runId, info, rows, StreamGrace);
            var silos = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            return new RunOutcome(info.Status, rows, silos.Count, info.Error);
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    private async Task<RunInfo> WaitForEndAsync(IRunCoordinatorGrain coordinator, CancellationToken cancellationToken)
    {
        bool cancelSent = false;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested && !cancelSent)
            {
                await coordinator.CancelAsync();
                cancelSent = true;
            }
            var info = await coordinator.GetStatusAsync();
            if (info.IsFinished)
            {
                return info;
            }
            try
            {
                await Task.Delay(PollInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Cancel the run on the next pass.
            }
        }
    }

    /// <summary>Reports ticks to the caller once each, in tick order, whatever order the stream delivers them in.</summary>
    private sealed class ProgressRelay(IProgress<TickMetrics>? progress)
    {
        private readonly object _gate = new();
        private readonly SortedDictionary<int, TickMetrics> _early = new();
        private int _next;

        public void Receive(TickMetrics metrics)
        {
            lock (_gate)
            {
                if (metrics.Tick < _next)
                {
                    return;
                }
                _early[metrics.Tick] = metrics;
                while (_early.Remove(_next, out var due))
                {
                    progress?.Report(due);
                    _next++;
                }
            }
        }

        /// <summary>Waits for the stream to deliver every tick done; reports any still missing from the stored rows.</summary>
        public async Task CatchUpAsync(string runId, RunInfo info, ScopeMetrics[] rows, TimeSpan grace)
        {
            var deadline = DateTime.UtcNow + grace;
            while (Next < info.TicksDone && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            foreach (var tick in rows.GroupBy(row => row.Tick).Where(g => g.Key >= Next))
            {
                Receive(new TickMetrics(runId, tick.Key, info.TotalTicks, tick.ToArray()));
            }
        }

        private int Next
        {
            get
            {
                lock (_gate)
                {
                    return _next;
                }
            }
        }
    }
}
