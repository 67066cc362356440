using System.Collections.Concurrent;
using OrleansGov.Grains;

namespace OrleansGov.Ensemble;

/// <summary>
/// The ensemble runs executing on this silo, and the one signal that stops them all when the silo
/// stops. A run executes on a thread of its own, outside its grain, so neither a graceful stop (which
/// deactivates the grain) nor an ungraceful one (which may not) would end it by itself: this silo
/// lifecycle participant cancels every run at the first stop stage, whichever kind of stop it is.
/// An in-process silo killed in a test stops here too, while its process — and its runs' threads — live on.
/// </summary>
public sealed class EnsembleRuns : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How long a run goes on without a poll before it stops: twice the client's 30 s call limit, past which the client has already given the attempt up.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<EnsembleRun, string> _running = new();

    /// <summary>How long a run goes on without a poll (tests shorten it).</summary>
    public TimeSpan Lease { get; init; } = DefaultLease;

    /// <summary>The runs started on this silo that have not ended yet, with their grain's key.</summary>
    public IReadOnlyCollection<KeyValuePair<EnsembleRun, string>> Running => _running.ToArray();

    /// <summary>Starts a run on this silo (see <see cref="EnsembleRun.Start"/>), stopped with the silo.</summary>
    public EnsembleRun Start(string runId, EnsembleRunRequest request)
    {
        var run = EnsembleRun.Start(runId, request, Lease, _stopping.Token);
        _running[run] = runId;
        _ = run.Ended.ContinueWith(_ => _running.TryRemove(run, out string? _), TaskScheduler.Default);
        return run;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(EnsembleRuns), ServiceLifecycleStage.Last, _ => Task.CompletedTask, StopAll);

    private Task StopAll(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }
}
