using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using OrleansGov.Checkpoints;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Runs;

namespace OrleansGov.Engine;

/// <summary>
/// The tick loop of a run, its checkpoints at tick barriers, and its recovery: a tick that fails because
/// a silo was lost (or stopped) rolls the run back to its latest complete checkpoint, restored on the
/// surviving silos under a new generation, and the run goes on. The rows of the rolled-back ticks are
/// recomputed, identically (determinism), so the results equal an uninterrupted run's.
/// </summary>
public sealed partial class RunCoordinatorGrain
{
    /// <summary>Deadline of the first tick after a (re)start, which activates every grain (~100 s for a million agents on 2 cores).</summary>
    private static readonly TimeSpan FirstTickDeadline = TimeSpan.FromMinutes(30);
    /// <summary>Later ticks: at least this, or <see cref="DeadlineFactor"/> times the slowest tick so far.</summary>
    private static readonly TimeSpan MinTickDeadline = TimeSpan.FromSeconds(60);
    private const int DeadlineFactor = 20;
    /// <summary>How long a graceful stop may take to leave the cluster before the run goes on anyway.</summary>
    private static readonly TimeSpan DrainWait = TimeSpan.FromSeconds(60);

    private int _checkpointEvery;
    private bool _keepCheckpoints;
    private long _generation;
    private int _lastCheckpointTick = -1;
    private bool _deactivating;
    private readonly List<CheckpointInfo> _checkpoints = new();
    private readonly List<RecoveryRecord> _recoveries = new();
    private readonly List<(SiloAddress Silo, TaskCompletionSource Done)> _drains = new();

    public async Task DrainAsync(SiloAddress silo)
    {
        if (_status != RunStatus.Running || _pauseRequested)
        {
            return; // a paused or finished run has no barrier coming; a later step recovers from the last checkpoint
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _drains.Add((silo, done));
        try
        {
            await done.Task.WaitAsync(DrainWait);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Run {RunId}: no barrier within {Seconds} s to checkpoint before silo {Silo} leaves", RunId, DrainWait.TotalSeconds, silo);
        }
    }

    /// <summary>This activation takes over a run whose previous activation was lost: from its latest complete checkpoint.</summary>
    private void ResumeFromRecord(RunRecord record)
    {
        _scenario = record.Scenario;
        _checkpointEvery = record.CheckpointEvery;
        _keepCheckpoints = record.KeepCheckpoints;
        _collectOutputs = record.CollectOutputs;
        _status = RunStatus.Running;
        _pauseRequested = record.Status == RunStatus.Paused;
        _started = record.StartedUtc;
        _recoveries.AddRange(record.Recoveries);
        _schedule = new PolicySchedule(record.Scenario);
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        _ = ResumeAsync();

        async Task ResumeAsync()
        {
            if (_deactivating)
            {
                return; // a duplicate activation Orleans already let go: the one it kept drives the run
            }
            int lost = await store.ReadProgressAsync(RunId);
            var latest = await LatestCheckpointAsync();
            logger.LogWarning("Run {RunId}: its coordinator was lost at tick {Tick}; continuing from checkpoint {Checkpoint}", RunId, lost, latest?.Tick ?? 0);
            await RunLoopAsync(latest, restoreFirst: true, cause: "the run's coordinator was lost with its silo (killed, or stopped while draining)", tickLost: lost);
        }
    }

    private async Task RunLoopAsync(CheckpointMeta? from, bool restoreFirst, string? cause, int tickLost = -1)
    {
        var scenario = _scenario!;
        var nation = GrainFactory.GetGrain<IGovernmentGrain>(GrainKeys.Agent(RunId, AgentId.Nation));
        // The end status is published only after the run's grains are released, so a client that
        // stops its silo as soon as the run ends never cuts the release short.
        (RunStatus Status, string? Error) end = (RunStatus.Completed, null);
        bool restore = restoreFirst;
        long lostAt = Stopwatch.GetTimestamp();
        int failures = 0;
        while (true)
        {
            try
            {
                var world = new World(scenario);
                _agentCount = world.AgentCount;
                Report();
                if (restore)
                {
                    await RestoreAsync(nation, from);
                    if (cause is not null)
                    {
                        _recoveries.Add(new RecoveryRecord(tickLost, from?.Tick ?? 0, Stopwatch.GetElapsedTime(lostAt).TotalSeconds, cause));
                        await TrySaveRecordAsync();
                    }
                    restore = false;
                    cause = null; // recorded: a later loss is a new one
                }
                else if (_generation == 0)
                {
                    _generation = await store.NextGenerationAsync(RunId);
                }
                end = await TicksAsync(nation, world, () => failures = 0);
                break;
            }
            catch (Exception) when (_deactivating)
            {
                logger.LogInformation("Run {RunId}: this coordinator activation is being deactivated and stops; the activation that takes its place continues the run", RunId);
                return;
            }
            // Superseded while this activation lives: after a silo loss Orleans may briefly hold two activations
            // of this grain (the directory entry died with the silo); the duplicate it lets go can take a newer
            // generation before it learns it is going. The activation that stays must not give the run up to it
            // (CI5, 7bfebcd: both stopped, each sure the other continued, and the run hung at tick 16), so it
            // recovers like from a loss: a newer generation from the latest checkpoint. The duplicate stops on
            // its next step, at the latest (_deactivating).
            catch (Exception ex) when ((Recovery.IsSiloLoss(ex) || Recovery.IsSuperseded(ex)) && !_cancelRequested && failures < Recovery.MaxConsecutive)
            {
                failures++;
                if (!restore || cause is null)
                {
                    tickLost = _ticks.Count;
                    lostAt = Stopwatch.GetTimestamp();
                    cause = Recovery.Describe(ex);
                }
                // else: the restore of a recovery failed (the leaving silo still answering as it died) — it is
                // the same loss, so its record keeps the tick and cause it began with. A fresh coordinator
                // has no rows yet: taking _ticks.Count here recorded "tick lost 0" after a graceful stop
                // (CI, scripts/cluster-ci.sh: "tick lost 0, resumed 11: SiloUnavailableException").
                logger.LogWarning(ex, "Run {RunId}: tick {Tick} failed ({Cause}); recovering from the latest checkpoint (attempt {Attempt})", RunId, tickLost, cause, failures);
                await Task.Delay(Recovery.Backoff(failures));
                if (_deactivating)
                {
                    logger.LogInformation("Run {RunId}: this coordinator activation was deactivated while it waited to recover; the activation that takes its place continues the run", RunId);
                    return; // taking a generation now would supersede the activation that stays
                }
                from = await LatestCheckpointAsync();
                restore = true;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Run {RunId} failed at tick {Tick}", RunId, _ticks.Count);
                end = _cancelRequested
                    ? (RunStatus.Cancelled, $"Cancelled after {_ticks.Count} of {scenario.Ticks} ticks (a silo was lost meanwhile).")
                    : Recovery.IsSiloLoss(ex) || Recovery.IsSuperseded(ex)
                        ? (RunStatus.Failed, $"Tick {_ticks.Count}: gave up after {failures} recoveries in a row: {Recovery.Describe(ex)}")
                        : (RunStatus.Failed, $"Tick {_ticks.Count}: {ex.Message}");
                break;
            }
        }
        if (_deactivating)
        {
            return;
        }
        // Not "is my generation still the newest?": a duplicate activation on its way out may have taken a
        // newer one after this loop's last tick, and an activation that stays must still end its run.
        await ReleaseAsync(nation);
        Finish(end.Status, end.Error);
        await TrySaveRecordAsync();
        // After the record: an activation that takes this one's place (Orleans deactivates survivors whose
        // directory entry died with a silo) must find the run finished, never a run it does not know. The
        // record was deleted with the checkpoints before, and saved again after: a client that asked in
        // between was told the run was lost.
        if (!_keepCheckpoints)
        {
            await TryAsync(() => store.DeleteCheckpointsAsync(RunId), "deleting its checkpoints");
        }
    }

    private async Task<(RunStatus, string?)> TicksAsync(IGovernmentGrain nation, World world, Action progressed)
    {
        var scenario = _scenario!;
        var stream = OrleansMetricsStream.Of(this.GetStreamProvider(GrainKeys.MetricsProvider), RunId);
        var slowest = TimeSpan.Zero;
        bool first = true;
        // The recent windows are a function of the rows: rebuilt from the rows kept (a fresh run, a fork's
        // prefix or a recovery's), so a restored run fills them exactly as an uninterrupted one.
        var window = new MetricsWindow(world);
        window.Replay(_ticks);
        for (int tick = _ticks.Count; tick < scenario.Ticks; tick++)
        {
            await HoldWhilePausedAsync();
            await WaitForTakerAsync();
            if (_deactivating)
            {
                throw new StaleGenerationException("this activation is being deactivated");
            }
            if (_cancelRequested)
            {
                return (RunStatus.Cancelled, $"Cancelled after {tick} of {scenario.Ticks} ticks.");
            }
            if (_drains.Count > 0)
            {
                await DrainAtBarrierAsync(nation, tick);
                first = true;
            }
            else if (_checkpointEvery > 0 && tick % _checkpointEvery == 0 && tick > 0 && tick != _lastCheckpointTick)
            {
                await WaitForTakerAsync(max: 1);
                await TakeCheckpointAsync(nation, tick);
            }
            long tickStart = Stopwatch.GetTimestamp();
            // Computed in one turn with _nextTick, so a live intervention lands wholly in a later tick.
            var schedule = _schedule!;
            var notices = schedule.NoticesAt(tick, world).ToArray();
            var input = new StepInput(tick, schedule.At(tick), notices, _generation, OutputsAsked(world, tick), Last: tick == scenario.Ticks - 1);
            _nextTick = tick + 1;
            var deadline = first ? FirstTickDeadline : TimeSpan.FromTicks(Math.Max(MinTickDeadline.Ticks, slowest.Ticks * DeadlineFactor));
            ScopeMetrics[] rows;
            try
            {
                var step = await nation.StepRootAsync(input).WaitAsync(deadline);
                rows = window.Apply(step.Rows);
                if (input.Outputs)
                {
                    Keep(tick, step.Outputs);
                }
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"tick {tick} did not finish within its deadline of {deadline.TotalSeconds:0} s");
            }
            _ticks.Add(rows);
            await stream.OnNextAsync(new TickMetrics(RunId, tick, scenario.Ticks, rows));
            var elapsed = Stopwatch.GetElapsedTime(tickStart);
            _tickSeconds.Add(elapsed.TotalSeconds);
            slowest = elapsed > slowest ? elapsed : slowest;
            first = false;
            progressed();
            await TryAsync(() => store.WriteProgressAsync(RunId, _ticks.Count), "recording its progress");
        }
        return (RunStatus.Completed, null);
    }

    /// <summary>Captures the run at the barrier before <paramref name="tick"/>: the government grains write their parts, then the commit record makes it complete.</summary>
    private async Task TakeCheckpointAsync(IGovernmentGrain nation, int tick)
    {
        long start = Stopwatch.GetTimestamp();
        var parts = await nation.CheckpointAsync(tick, _generation, []);
        var meta = Checkpoint.Meta(tick, _scenario!, _ticks.SelectMany(rows => rows).ToArray(), _tickSeconds, parts);
        await store.CommitAsync(RunId, meta);
        _lastCheckpointTick = tick;
        _checkpoints.Add(new CheckpointInfo(tick, parts.Sum(p => (long)p.Bytes), Stopwatch.GetElapsedTime(start).TotalSeconds));
        if (!_keepCheckpoints)
        {
            foreach (int older in (await store.CommittedTicksAsync(RunId)).Where(t => t < tick))
            {
                var old = await store.ReadCommitAsync(RunId, older);
                await store.DeleteCheckpointAsync(RunId, older, old?.Parts.Select(p => p.Name) ?? []);
            }
        }
    }

    /// <summary>A silo is stopping: checkpoint here, let it go, then continue from this very barrier without it.</summary>
    private async Task DrainAtBarrierAsync(IGovernmentGrain nation, int tick)
    {
        var drains = _drains.ToArray();
        _drains.Clear();
        long start = Stopwatch.GetTimestamp();
        if (tick != _lastCheckpointTick)
        {
            await TakeCheckpointAsync(nation, tick);
        }
        foreach (var drain in drains)
        {
            drain.Done.TrySetResult();
        }
        var until = DateTime.UtcNow + DrainWait;
        while (!_deactivating && DateTime.UtcNow < until && drains.Any(d => membership.CurrentSnapshot.GetSiloStatus(d.Silo) != SiloStatus.Dead))
        {
            await Task.Delay(200);
        }
        if (_deactivating)
        {
            throw new StaleGenerationException("this activation's silo is stopping");
        }
        var meta = tick == 0 ? null : await store.ReadCommitAsync(RunId, tick);
        await RestoreAsync(nation, meta);
        string silos = string.Join(", ", drains.Select(d => d.Silo.ToString()));
        _recoveries.Add(new RecoveryRecord(tick, tick, Stopwatch.GetElapsedTime(start).TotalSeconds, $"graceful stop of silo {silos}"));
        await TrySaveRecordAsync();
    }

    /// <summary>Sets every grain of the run to <paramref name="from"/> (null: tick 0) under a new generation, and this coordinator's rows with it.</summary>
    private async Task RestoreAsync(IGovernmentGrain nation, CheckpointMeta? from)
    {
        _generation = await store.NextGenerationAsync(RunId);
        int tick = from?.Tick ?? 0;
        await nation.RestoreAsync(tick, _generation, null);
        _ticks.Clear();
        _tickSeconds.Clear();
        if (from is not null)
        {
            _ticks.AddRange(from.Rows.GroupBy(r => r.Tick).OrderBy(g => g.Key).Select(g => g.ToArray()));
            _tickSeconds.AddRange(from.TickSeconds);
        }
        _nextTick = tick;
        _lastCheckpointTick = tick;
        ForgetOutputsFrom(tick);
    }

    private async Task<CheckpointMeta?> LatestCheckpointAsync()
    {
        var ticks = await store.CommittedTicksAsync(RunId);
        return ticks.Length == 0 ? null : await store.ReadCommitAsync(RunId, ticks[^1]);
    }

    /// <summary>A fork's checkpoint, imported part by part: it must fit the scenario and every part must be there, intact.</summary>
    private async Task CheckImportedAsync(CheckpointMeta from, Scenarios.Scenario scenario)
    {
        if (Checkpoint.Mismatch(from, scenario) is { } mismatch)
        {
            throw new ArgumentException($"Cannot start run '{RunId}' from the checkpoint at tick {from.Tick}: {mismatch}.");
        }
        foreach (var part in from.Parts)
        {
            var bytes = await store.ReadPartAsync(RunId, from.Tick, part.Name)
                ?? throw new ArgumentException($"Part '{part.Name}' of the checkpoint at tick {from.Tick} was not imported.");
            if (CheckpointPart.Hash(bytes) != part.Hash)
            {
                throw new ArgumentException($"Part '{part.Name}' of the checkpoint at tick {from.Tick} does not match its commit record.");
            }
        }
        await store.CommitAsync(RunId, from);
    }

    private Task SaveRecordAsync() => store.WriteRunAsync(RunId, new RunRecord(
        _scenario!, _checkpointEvery, _keepCheckpoints, _status, _error, _started, _ended, _recoveries.ToArray(), _collectOutputs));

    private Task TrySaveRecordAsync() => TryAsync(SaveRecordAsync, "saving its record");

    private async Task TryAsync(Func<Task> action, string what)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Run {RunId}: {What} in the checkpoint store ({Store}) failed", RunId, what, store.Where);
        }
    }

    private async Task HoldWhilePausedAsync()
    {
        while (_pauseRequested && !_cancelRequested && !_deactivating)
        {
            _status = RunStatus.Paused;
            Report();
            await TrySaveRecordAsync();
            _resumed = new TaskCompletionSource();
            await _resumed.Task;
            _resumed = null;
        }
        if (_status == RunStatus.Paused)
        {
            _status = RunStatus.Running;
            Report();
            await TrySaveRecordAsync();
        }
    }

    /// <summary>Lets the run's grains go, so batch jobs do not accumulate activations.</summary>
    private async Task ReleaseAsync(IGovernmentGrain nation)
    {
        try
        {
            await nation.ReleaseAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Releasing the grains of run {RunId} failed", RunId);
        }
    }
}
