using OrleansGov.Checkpoints;
using OrleansGov.Engine;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Runs;

namespace OrleansGov.Ensemble;

/// <summary>Why an ensemble run was stopped before its end.</summary>
public enum EnsembleStop
{
    /// <summary>Not stopped (yet).</summary>
    None,

    /// <summary>Its client asked (<see cref="IEnsembleRunGrain.CancelAsync"/>): the run ends Cancelled.</summary>
    Cancelled,

    /// <summary>No poll for a whole lease: its client died or gave this attempt up and ran it elsewhere.</summary>
    LeaseExpired,

    /// <summary>Its grain deactivated (collected, forgotten, or its silo stopping gracefully).</summary>
    Deactivated,

    /// <summary>Its silo is stopping, gracefully or not.</summary>
    SiloStopping,
}

/// <summary>
/// One ensemble run going on in the background, off the grain's scheduler: the reference engine (a
/// whole run, or one started from a shared prefix's checkpoint), or a prefix run that stops at a barrier
/// and keeps its checkpoint. Rows are kept in tick order for the client to poll; everything here is
/// thread-safe, as the run reports from its own thread (<see cref="OwnThread"/>) while the grain answers polls.
/// The run is cooperative: it stops at its next tick barrier when its client cancels it, when its
/// lease (renewed by every poll) expires, when its grain deactivates, or when its silo stops — so a
/// run nobody will read does not keep computing to its end beside the attempt that replaced it.
/// </summary>
public sealed class EnsembleRun
{
    private readonly Lock _gate = new();
    private readonly List<ScopeMetrics> _rows = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lease = new();
    private readonly TimeSpan _leaseTime;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RunStatus _status = RunStatus.Running;
    private string? _error;
    private byte[]? _checkpoint;
    private int _ticks;
    private int _ticksAtStop = -1;
    private EnsembleStop _stopReason;
    private bool _over;
    private CancellationTokenRegistration _siloStopping;

    private EnsembleRun(TimeSpan lease)
    {
        _leaseTime = lease;
        _lease.CancelAfter(lease);
        _lease.Token.Register(() => Stop(EnsembleStop.LeaseExpired));
    }

    /// <summary>
    /// Starts <paramref name="request"/> on a thread of its own (<see cref="OwnThread"/>) and returns at once. The run stops by itself
    /// when <paramref name="siloStopping"/> is cancelled or no <see cref="Renew"/> came for <paramref name="lease"/>.
    /// </summary>
    public static EnsembleRun Start(string runId, EnsembleRunRequest request, TimeSpan lease, CancellationToken siloStopping)
    {
        var run = new EnsembleRun(lease);
        // Disposed when the run ends, so a long-lived silo's token does not keep every finished run's rows.
        run._siloStopping = siloStopping.Register(() => run.Stop(EnsembleStop.SiloStopping));
        _ = Task.Run(() => run.ExecuteAsync(runId, request));
        return run;
    }

    /// <summary>The client asked the run to stop: it ends <see cref="RunStatus.Cancelled"/>.</summary>
    public void Cancel() => Stop(EnsembleStop.Cancelled);

    /// <summary>Stops the run at its next tick barrier (the first reason given is kept).</summary>
    public void Stop(EnsembleStop reason)
    {
        lock (_gate)
        {
            if (_stopReason != EnsembleStop.None || _over)
            {
                return;
            }
            (_stopReason, _ticksAtStop) = (reason, _ticks);
        }
        _stop.Cancel();
    }

    /// <summary>The client is still there (a poll): the lease runs for another full term.</summary>
    public void Renew()
    {
        lock (_gate)
        {
            if (!_over && !_lease.IsCancellationRequested)
            {
                _lease.CancelAfter(_leaseTime);
            }
        }
    }

    /// <summary>Why the run was stopped (<see cref="EnsembleStop.None"/> while it was not).</summary>
    public EnsembleStop StopReason
    {
        get
        {
            lock (_gate)
            {
                return _stopReason;
            }
        }
    }

    /// <summary>True when the run was stopped for any reason but its client's own cancel: nobody will read it, and a poll must not take it for a result.</summary>
    public bool Abandoned => StopReason is not (EnsembleStop.None or EnsembleStop.Cancelled);

    /// <summary>Ticks the run has finished so far.</summary>
    public int Ticks => Volatile.Read(ref _ticks);

    /// <summary>Ticks it had finished when it was told to stop; −1 while it was not.</summary>
    public int TicksAtStop
    {
        get
        {
            lock (_gate)
            {
                return _ticksAtStop;
            }
        }
    }

    /// <summary>Completes when the run has ended, whichever way.</summary>
    public Task Ended => _ended.Task;

    /// <summary>The status, and the rows of ticks ≥ <paramref name="fromTick"/> recorded so far.</summary>
    public EnsembleProgress Progress(int fromTick)
    {
        lock (_gate)
        {
            int first = _rows.FindIndex(r => r.Tick >= fromTick);
            var rows = first < 0 ? [] : _rows.GetRange(first, _rows.Count - first).ToArray();
            return new EnsembleProgress(_status, rows, _error);
        }
    }

    /// <summary>The prefix run's checkpoint file, once it completed; null otherwise.</summary>
    public byte[]? Checkpoint
    {
        get
        {
            lock (_gate)
            {
                return _checkpoint;
            }
        }
    }

    private async Task ExecuteAsync(string runId, EnsembleRunRequest request)
    {
        RunStatus status;
        string? error;
        try
        {
            if (request.PrefixTo > 0)
            {
                var checkpoint = await ReferencePrefix.RunAsync(request.Scenario, request.PrefixTo, Record, _stop.Token);
                // Serialised outside the lock: a poll (a grain turn on a pool thread) takes it, and would wait out the whole file.
                byte[]? file = checkpoint is null ? null : ReferencePrefix.ToFile(checkpoint);
                lock (_gate)
                {
                    _checkpoint = file;
                }
                (status, error) = checkpoint is null ? (RunStatus.Cancelled, "Cancelled.") : (RunStatus.Completed, null);
            }
            else
            {
                var plan = request.From is { } from ? new RunPlan { From = ReferencePrefix.FromFile(from) } : RunPlan.Default;
                var outcome = await new ReferenceEngine().RunAsync(runId, request.Scenario, plan, new Recorder(this), _stop.Token);
                (status, error) = (outcome.Status, outcome.Error);
            }
        }
        catch (Exception ex)
        {
            (status, error) = (RunStatus.Failed, ex.Message);
        }
        lock (_gate)
        {
            (_status, _error, _over) = (status, error, true);
            _lease.CancelAfter(Timeout.InfiniteTimeSpan); // an ended run has nothing left to stop
        }
        _siloStopping.Dispose();
        _ended.TrySetResult();
    }

    private void Record(ScopeMetrics[] rows)
    {
        lock (_gate)
        {
            _rows.AddRange(rows);
            _ticks++;
        }
    }

    private sealed class Recorder(EnsembleRun run) : IProgress<TickMetrics>
    {
        public void Report(TickMetrics value) => run.Record(value.Rows);
    }
}
