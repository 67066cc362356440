using Microsoft.Extensions.Logging;
using OrleansGov.Checkpoints;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Engine;

/// <summary>
/// Owns one run: the tick loop (a background task on this activation, so status queries, pause and
/// cancel are served between ticks), the run's status, its stored rows, its checkpoints and its metrics
/// stream. Holds no per-agent data: each tick is one call to the nation, which fans out down the
/// government tree. The run's record and checkpoints live in the checkpoint store, so an activation
/// that starts where the run's previous one was lost (its silo died or stopped) picks the run up from
/// its latest complete checkpoint. The loop, checkpoints and recovery: <c>RunCoordinatorGrain.Loop.cs</c>.
/// </summary>
public sealed partial class RunCoordinatorGrain(ILogger<RunCoordinatorGrain> logger, ICheckpointStore store, IClusterMembershipService membership)
    : Grain, IRunCoordinatorGrain
{
    /// <summary>How long a finished run's results stay in memory at least.</summary>
    private static readonly TimeSpan KeepResults = TimeSpan.FromHours(1);

    private readonly List<ScopeMetrics[]> _ticks = new();
    private readonly List<double> _tickSeconds = new();
    private Scenario? _scenario;
    private RunStatus _status = RunStatus.Created;
    private string? _error;
    private DateTime? _started, _ended;
    private bool _pauseRequested, _cancelRequested;
    private TaskCompletionSource? _resumed;
    private PolicySchedule? _schedule;
    private int _nextTick; // the first tick whose input (policy, notices) is not computed yet
    private long _agentCount;

    private string? _claimant;
    /// <summary>Completed when the run ends (or this activation goes): what <see cref="WaitForEndAsync"/> waits for.</summary>
    private readonly TaskCompletionSource _runEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How often a client's wait for the run's end (<see cref="WaitForEndAsync"/>) looks at the cluster's membership.</summary>
    private static readonly TimeSpan MembershipCheck = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a claimed, not yet started run id stays reserved.</summary>
    private static readonly TimeSpan KeepClaim = TimeSpan.FromMinutes(10);

    private string RunId => this.GetPrimaryKeyString();

    public Task<bool> ClaimAsync(string claimant)
    {
        ArgumentException.ThrowIfNullOrEmpty(claimant);
        if (_status != RunStatus.Created || (_claimant is not null && _claimant != claimant))
        {
            return Task.FromResult(false);
        }
        _claimant = claimant;
        DelayDeactivation(KeepClaim);
        return Task.FromResult(true);
    }


    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        RunRecord? record = null;
        try
        {
            record = await store.ReadRunAsync(RunId);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Run {RunId}: the checkpoint store ({Store}) could not be read on activation", RunId, store.Where);
        }
        if (record is { Status: RunStatus.Running or RunStatus.Paused })
        {
            // The activation that ran this run was lost with its silo: continue from the store.
            ResumeFromRecord(record);
        }
        else if (record is not null)
        {
            // A finished run whose activation was collected: its status (its rows are in its results folder).
            (_scenario, _status, _error, _started, _ended) = (record.Scenario, record.Status, record.Error, record.StartedUtc, record.EndedUtc);
            _recoveries.AddRange(record.Recoveries);
        }
        await base.OnActivateAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A silo shutting down (or a crash-free deactivation) ends this activation's loop quietly: the
        // run's record stays "running" in the store and the next activation continues it.
        _deactivating = true;
        _resumed?.TrySetResult();
        _runEnded.TrySetResult();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task StartAsync(Scenario scenario) => StartAsync(new RunStart(scenario, 0, false, null));

    public async Task StartAsync(RunStart start)
    {
        if (_status != RunStatus.Created)
        {
            throw new InvalidOperationException($"Run '{RunId}' was already started (status {_status}).");
        }
        ArgumentNullException.ThrowIfNull(start);
        var scenario = start.Scenario ?? throw new ArgumentNullException(nameof(start), "The run has no scenario.");
        if (start.CheckpointEvery < 0)
        {
            throw new ArgumentException($"CheckpointEvery must be 0 (never) or positive, not {start.CheckpointEvery}.");
        }
        if (start.From is { } from)
        {
            await CheckImportedAsync(from, scenario);
            _ticks.AddRange(from.Rows.GroupBy(r => r.Tick).OrderBy(g => g.Key).Select(g => g.ToArray()));
            _tickSeconds.AddRange(from.TickSeconds);
        }
        _scenario = scenario;
        _checkpointEvery = start.CheckpointEvery;
        _keepCheckpoints = start.KeepCheckpoints;
        _collectOutputs = start.CollectOutputs;
        _status = RunStatus.Running;
        _started = DateTime.UtcNow;
        _schedule = new PolicySchedule(scenario);
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        await SaveRecordAsync();
        _ = RunLoopAsync(start.From, restoreFirst: start.From is not null, cause: null);
        Report();
    }

    public Task<RunInfo> GetStatusAsync() =>
        Task.FromResult(new RunInfo(RunId, _status, _ticks.Count, _scenario?.Ticks ?? 0, _error, _started, _ended));

    public async Task<RunInfo> WaitForEndAsync(TimeSpan within)
    {
        // Also returns soon after the cluster's membership changes. Orleans then deactivates the activations
        // whose directory entry lived on the silo that left (this one may be among them), and a deactivation
        // waits for the requests in progress: a wait held to its end kept a replaced coordinator ticking
        // for up to `within` (RedisClusterTests saw a second, needless recovery after a graceful stop).
        long membershipVersion = membership.CurrentSnapshot.Version.Value;
        var deadline = DateTime.UtcNow + within;
        while (_status is (RunStatus.Running or RunStatus.Paused) && !_deactivating
               && membership.CurrentSnapshot.Version.Value == membershipVersion && DateTime.UtcNow < deadline)
        {
            await Task.WhenAny(_runEnded.Task, Task.Delay(TimeSpan.FromTicks(Math.Min(MembershipCheck.Ticks, Math.Max(0, (deadline - DateTime.UtcNow).Ticks)))));
        }
        return await GetStatusAsync();
    }

    public Task PauseAsync()
    {
        if (_status is RunStatus.Created or RunStatus.Running or RunStatus.Paused)
        {
            _pauseRequested = true;
        }
        return Task.CompletedTask;
    }

    public Task ResumeAsync()
    {
        EnsureStarted("resume");
        _pauseRequested = false;
        _resumed?.TrySetResult();
        return Task.CompletedTask;
    }

    public Task CancelAsync()
    {
        if (_status == RunStatus.Created)
        {
            Finish(RunStatus.Cancelled, "Cancelled before it started.");
        }
        _cancelRequested = true;
        _resumed?.TrySetResult();
        return Task.CompletedTask;
    }

    public Task<ScopeMetrics[]> GetMetricsAsync(int fromTick) =>
        Task.FromResult(_ticks.Skip(Math.Max(0, fromTick)).SelectMany(rows => rows).ToArray());

    public Task<ScopeMetrics[]> GetMetricsPageAsync(int fromTick, int maxTicks) =>
        Task.FromResult(_ticks.Skip(Math.Max(0, fromTick)).Take(Math.Max(0, maxTicks)).SelectMany(rows => rows).ToArray());

    public Task<Scenario?> GetScenarioAsync() => Task.FromResult(_scenario);

    public Task<double[]> GetTickSecondsAsync() => Task.FromResult(_tickSeconds.ToArray());

    public async Task<RunDetails> GetDetailsAsync()
    {
        int[] stored;
        try
        {
            stored = await store.CommittedTicksAsync(RunId);
        }
        catch (Exception)
        {
            stored = [];
        }
        return new RunDetails(_checkpoints.ToArray(), _recoveries.ToArray(), _generation, store.Where, stored);
    }

    public Task<CheckpointMeta?> ReadCheckpointMetaAsync(int tick) => store.ReadCommitAsync(RunId, tick);

    public Task<byte[]?> ReadCheckpointPartAsync(int tick, string part) => store.ReadPartAsync(RunId, tick, part);

    public Task ImportCheckpointPartAsync(int tick, string part, byte[] data)
    {
        if (_status != RunStatus.Created)
        {
            throw new InvalidOperationException($"Run '{RunId}' has started: checkpoints are imported before the start.");
        }
        return store.WritePartAsync(RunId, tick, part, data);
    }

    public async Task ForgetAsync()
    {
        if (_status is RunStatus.Running or RunStatus.Paused)
        {
            throw new InvalidOperationException($"Run '{RunId}' is {_status.ToString().ToLowerInvariant()}: only a finished run's checkpoints can be forgotten.");
        }
        await store.DeleteRunAsync(RunId);
    }

    public async Task<Intervention> InterveneAsync(Intervention intervention)
    {
        ArgumentNullException.ThrowIfNull(intervention);
        EnsureStarted("intervene in");
        if (_scenario is not { } scenario || _status is not (RunStatus.Running or RunStatus.Paused) || _cancelRequested)
        {
            throw new InvalidOperationException($"Cannot intervene in run '{RunId}': it is {_status.ToString().ToLowerInvariant()}.");
        }
        if (_nextTick >= scenario.Ticks)
        {
            throw new InvalidOperationException($"Cannot intervene in run '{RunId}': its last tick has begun.");
        }
        // Appended last, as if the file had listed it after its own events of that tick (PolicySchedule's sort is stable).
        var recorded = intervention with { Tick = _nextTick };
        _scenario = scenario with { Timeline = [.. scenario.Timeline, recorded] };
        _schedule = new PolicySchedule(_scenario);
        await SaveRecordAsync(); // a coordinator that takes the run over keeps the intervention
        return recorded;
    }

    private void Finish(RunStatus status, string? error)
    {
        _status = status;
        _error = error;
        _ended = DateTime.UtcNow;
        DelayDeactivation(KeepResults);
        _outputsAdded?.TrySetResult(); // a client waiting for outputs learns the run is over
        Report();
        _runEnded.TrySetResult();
    }

    /// <summary>Tells the run registry this run's status (one-way; on start and status changes only, never per tick).</summary>
    private void Report()
    {
        if (_scenario is not { } s)
        {
            return;
        }
        var info = new RunInfo(RunId, _status, _ticks.Count, s.Ticks, _error, _started, _ended);
        var listing = new RunListing(RunId, s.Name, s.Mode, s.Dials, s.Provinces.Length, _agentCount, info);
        try
        {
            _ = GrainFactory.GetGrain<IRunRegistryGrain>(IRunRegistryGrain.Key).ReportAsync(listing);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Reporting run {RunId} to the registry failed", RunId);
        }
    }

    private void EnsureStarted(string verb)
    {
        if (_status == RunStatus.Created)
        {
            throw new InvalidOperationException($"Cannot {verb} run '{RunId}': it has not started.");
        }
    }
}
