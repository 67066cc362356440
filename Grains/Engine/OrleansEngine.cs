using Orleans.Runtime;
using Orleans.Streams;
using OrleansGov.Checkpoints;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Engine;

/// <summary>
/// Runs a scenario on an Orleans cluster (embedded silo or remote): starts the run's coordinator
/// (importing the checkpoint a fork starts from), feeds <c>progress</c> from the run's metrics stream,
/// polls the coordinator's status until the run ends — riding out a coordinator lost with its silo
/// (the poll itself brings it back on a survivor, which continues from the store) — cancels the run
/// when asked, exports its checkpoints if asked, and returns the coordinator's stored rows.
/// </summary>
public sealed class OrleansEngine(IClusterClient client) : ISimulationEngine, IRunIdClaims
{
    public string Name => "orleans";

    public Task<bool> TryClaimRunIdAsync(string runId, string claimant) =>
        client.GetGrain<IRunCoordinatorGrain>(runId).ClaimAsync(claimant);

    /// <summary>
    /// How long one call waits at the coordinator for the run's end (<see cref="IRunCoordinatorGrain.WaitForEndAsync"/>).
    /// The end is learnt when it happens; this only sets how often a live run's coordinator is asked again
    /// (and so how soon a lost one is noticed). A 100 ms status poll learnt it 50 ms late on average.
    /// </summary>
    public TimeSpan EndWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long to wait for the metrics stream to deliver a finished run's ticks when the coordinator that
    /// answers no longer holds them (see <see cref="ProgressRelay.RowsAsync"/>).
    /// </summary>
    public TimeSpan StreamGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Tests: runs once the run's end is known, before its rows are read (to lose the coordinator's activation there).</summary>
    internal Func<Task>? AfterEnd { get; init; }

    /// <summary>How long the coordinator may stay unreachable (its silo lost, membership settling) before the run is given up.</summary>
    public TimeSpan UnreachableLimit { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a cancel may take to reach the coordinator before the CLI stops waiting for it.</summary>
    public TimeSpan CancelLimit { get; init; } = TimeSpan.FromSeconds(30);

    public Task<RunOutcome> RunAsync(string runId, Scenario scenario, IProgress<TickMetrics>? progress, CancellationToken cancellationToken) =>
        RunAsync(runId, scenario, RunPlan.Default, progress, cancellationToken);

    public async Task<RunOutcome> RunAsync(string runId, Scenario scenario, RunPlan plan, IProgress<TickMetrics>? progress, CancellationToken cancellationToken)
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
            if (plan.From is { } from)
            {
                foreach (var part in from.Parts)
                {
                    await coordinator.ImportCheckpointPartAsync(from.Meta.Tick, part.Name, part.ToBytes());
                }
                // The checkpoint's rows come first, as if this run had done them.
                foreach (var tick in from.Meta.Rows.GroupBy(r => r.Tick))
                {
                    relay.Receive(new TickMetrics(runId, tick.Key, scenario.Ticks, tick.ToArray()));
                }
            }
            await coordinator.StartAsync(new RunStart(scenario, plan.CheckpointEvery, plan.Export is not null, plan.From?.Meta, plan.Outputs is not null));
            using var runEnded = new CancellationTokenSource();
            var taker = plan.Outputs is { } sink ? OutputTaker.RunAsync(coordinator, plan.From?.Meta.Tick ?? 0, sink, runEnded.Token) : Task.CompletedTask;
            RunInfo info;
            try
            {
                info = await WaitForEndAsync(coordinator, cancellationToken);
            }
            finally
            {
                runEnded.Cancel();
                await taker;
            }
            if (info.Status == RunStatus.Created)
            {
                return new RunOutcome(RunStatus.Failed, relay.Reported, 0,
                    "The run's coordinator was lost with its silo and the cluster's checkpoint store does not know the run (checkpoints need a cluster with a Redis store; the embedded silo keeps them in its own memory).");
            }
            if (AfterEnd is { } afterEnd)
            {
                await afterEnd();
            }
            var rows = await relay.RowsAsync(runId, info, await coordinator.GetMetricsAsync(0), StreamGrace);
            int silos = await CountSilosAsync(() => client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ContinueWith(t => t.Result.Count, TaskScheduler.Default));
            var details = await coordinator.GetDetailsAsync();
            if (plan.Export is { } export)
            {
                await ExportAsync(coordinator, details.StoredTicks, export);
                await coordinator.ForgetAsync();
            }
            return new RunOutcome(info.Status, rows, silos, info.Error)
            {
                Recoveries = details.Recoveries,
                Checkpoints = details.Checkpoints,
            };
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    /// <summary>
    /// The number of active silos, for the record; 0 (unknown) when the cluster does not answer in
    /// <paramref name="attempts"/> tries. A finished run is not failed for it: right after a million-agent
    /// run the silo is still deactivating its grains, and under a heavily loaded machine the query
    /// outlasted Orleans' 30 s response timeout (a completed 3-tick stress run was reported failed).
    /// </summary>
    internal static async Task<int> CountSilosAsync(Func<Task<int>> count, int attempts = 3)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await count();
            }
            catch (Exception ex) when (ex is TimeoutException || ex.InnerException is TimeoutException)
            {
                if (attempt >= attempts)
                {
                    return 0;
                }
            }
        }
    }

    /// <summary>Reads every checkpoint the run kept from the store (through its coordinator) and hands it to <paramref name="export"/>.</summary>
    private static async Task ExportAsync(IRunCoordinatorGrain coordinator, int[] ticks, Func<RunCheckpoint, Task> export)
    {
        foreach (int tick in ticks)
        {
            var meta = await coordinator.ReadCheckpointMetaAsync(tick);
            if (meta is null || meta.Tick == 0)
            {
                continue;
            }
            var parts = new List<CheckpointPart>(meta.Parts.Length);
            foreach (var part in meta.Parts)
            {
                var bytes = await coordinator.ReadCheckpointPartAsync(tick, part.Name)
                    ?? throw new InvalidOperationException($"Part '{part.Name}' of the checkpoint at tick {tick} is missing from the store.");
                parts.Add(CheckpointPart.FromBytes(bytes));
            }
            await export(new RunCheckpoint(meta, parts.ToArray()));
        }
    }

    /// <summary>
    /// Waits at the coordinator until the run ends (calls of <see cref="EndWait"/> each). A call that fails (the coordinator's silo was lost and
    /// membership has not settled yet) is retried until <see cref="UnreachableLimit"/>; a coordinator
    /// that answers "created" after the run started has lost the run (returned as is, for the caller).
    /// </summary>
    private async Task<RunInfo> WaitForEndAsync(IRunCoordinatorGrain coordinator, CancellationToken cancellationToken)
    {
        bool cancelSent = false;
        DateTime? unreachableSince = null;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested && !cancelSent)
            {
                try
                {
                    await coordinator.CancelAsync().WaitAsync(CancelLimit);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    return new RunInfo(coordinator.GetPrimaryKeyString(), RunStatus.Cancelled, 0, 0, $"Cancelled; the coordinator could not be told ({ex.Message}).", null, DateTime.UtcNow);
                }
                cancelSent = true;
            }
            RunInfo info;
            try
            {
                // Until a cancel is sent, a cancel request ends this wait at once (and is sent on the next pass).
                info = await coordinator.WaitForEndAsync(EndWait).WaitAsync(EndWait + TimeSpan.FromSeconds(15), cancelSent ? CancellationToken.None : cancellationToken);
                unreachableSince = null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !cancelSent)
            {
                continue;
            }
            catch (Exception ex)
            {
                unreachableSince ??= DateTime.UtcNow;
                if (DateTime.UtcNow - unreachableSince > UnreachableLimit)
                {
                    return new RunInfo(coordinator.GetPrimaryKeyString(), RunStatus.Failed, 0, 0,
                        $"The run's coordinator has been unreachable for {UnreachableLimit.TotalSeconds:0} s: {ex.Message}", null, DateTime.UtcNow);
                }
                await Task.Delay(500, CancellationToken.None);
                continue;
            }
            if (info.IsFinished || info.Status == RunStatus.Created)
            {
                return info;
            }
        }
    }

    /// <summary>Reports ticks to the caller once each, in tick order, whatever order the stream delivers them in.</summary>
    private sealed class ProgressRelay(IProgress<TickMetrics>? progress)
    {
        private readonly object _gate = new();
        private readonly SortedDictionary<int, TickMetrics> _early = new();
        private readonly List<ScopeMetrics> _reported = new();
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
                    _reported.AddRange(due.Rows);
                    progress?.Report(due);
                    _next++;
                }
            }
        }

        /// <summary>
        /// The finished run's rows. Normally the coordinator's (<paramref name="stored"/>): the ticks the stream
        /// has not delivered yet are reported from them at once (the same rows; a late delivery is dropped, as
        /// <see cref="Receive"/> reports each tick once; waiting for the stream's next pull, ~100 ms, cost a
        /// small run up to a tenth of its time). But the activation that answers may not be the one that ran
        /// the run: Orleans deactivates a survivor's activation whose directory entry died with a silo, and
        /// the next call makes a new one, which knows the run's status from the store but not its rows (the CLI
        /// then failed the run as "completed with 0 metric rows"). Then the rows are the stream's, once it has delivered
        /// every tick done (at most <paramref name="grace"/>).
        /// </summary>
        public async Task<ScopeMetrics[]> RowsAsync(string runId, RunInfo info, ScopeMetrics[] stored, TimeSpan grace)
        {
            int storedTicks = stored.Length == 0 ? 0 : stored[^1].Tick + 1;
            if (storedTicks >= info.TicksDone)
            {
                foreach (var tick in stored.GroupBy(row => row.Tick).Where(g => g.Key >= Next))
                {
                    Receive(new TickMetrics(runId, tick.Key, info.TotalTicks, tick.ToArray()));
                }
                return stored;
            }
            var deadline = DateTime.UtcNow + grace;
            while (Next < info.TicksDone && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            var reported = Reported;
            return reported.Count > stored.Length ? reported.ToArray() : stored;
        }

        /// <summary>Every row reported so far, in tick order (what a run that lost its coordinator still has).</summary>
        public List<ScopeMetrics> Reported
        {
            get
            {
                lock (_gate)
                {
                    return _reported.ToList();
                }
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
