using OrleansGov.Checkpoints;
using OrleansGov.Engine;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Runs;

namespace OrleansGov.Ensemble;

/// <summary>
/// One ensemble run going on in the background, off the grain's scheduler: the reference engine (a
/// whole run, or one started from a shared prefix's checkpoint), or a prefix run that stops at a barrier
/// and keeps its checkpoint. Rows are kept in tick order for the client to poll; everything here is
/// thread-safe, as the run reports from the thread pool while the grain answers polls.
/// </summary>
public sealed class EnsembleRun
{
    private readonly Lock _gate = new();
    private readonly List<ScopeMetrics> _rows = new();
    private readonly CancellationTokenSource _stop = new();
    private RunStatus _status = RunStatus.Running;
    private string? _error;
    private byte[]? _checkpoint;

    private EnsembleRun()
    {
    }

    /// <summary>Starts <paramref name="request"/> on the thread pool and returns at once.</summary>
    public static EnsembleRun Start(string runId, EnsembleRunRequest request)
    {
        var run = new EnsembleRun();
        _ = Task.Run(() => run.ExecuteAsync(runId, request));
        return run;
    }

    public void Cancel() => _stop.Cancel();

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
                var checkpoint = ReferencePrefix.Run(request.Scenario, request.PrefixTo, Record, _stop.Token);
                lock (_gate)
                {
                    _checkpoint = checkpoint is null ? null : ReferencePrefix.ToFile(checkpoint);
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
            (_status, _error) = (status, error);
        }
    }

    private void Record(ScopeMetrics[] rows)
    {
        lock (_gate)
        {
            _rows.AddRange(rows);
        }
    }

    private sealed class Recorder(EnsembleRun run) : IProgress<TickMetrics>
    {
        public void Report(TickMetrics value) => run.Record(value.Rows);
    }
}
