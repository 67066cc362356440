using Orleans.Placement;
using OrleansGov.Grains;
using OrleansGov.Runs;

namespace OrleansGov.Ensemble;

/// <summary>
/// Hosts one ensemble run (see <see cref="IEnsembleRunGrain"/>): the reference engine runs in the
/// background on this silo's thread pool, so polls are answered while it runs. Placed by the client's
/// hint, else by resource load (CPU and memory of each silo). A run nobody has polled for
/// <see cref="OrphanLimit"/> (its client died) is cancelled, so it does not hold a silo's cores.
/// </summary>
[ResourceOptimizedPlacement]
public sealed class EnsembleRunGrain(ILocalSiloDetails silo) : Grain, IEnsembleRunGrain
{
    private static readonly TimeSpan OrphanLimit = TimeSpan.FromMinutes(2);
    private EnsembleRun? _run;
    private DateTime _lastPoll = DateTime.UtcNow;

    public Task<EnsembleHost> StartAsync(EnsembleRunRequest request)
    {
        if (_run is not null)
        {
            throw new InvalidOperationException($"Ensemble run {this.GetPrimaryKeyString()} was already started.");
        }
        _run = EnsembleRun.Start(this.GetPrimaryKeyString(), request);
        _lastPoll = DateTime.UtcNow;
        this.RegisterGrainTimer(CancelIfOrphaned, new GrainTimerCreationOptions(OrphanLimit, OrphanLimit) { Interleave = true });
        return HostAsync();
    }

    public Task<EnsembleHost> HostAsync() => Task.FromResult(new EnsembleHost(silo.SiloAddress.ToParsableString(), Environment.ProcessorCount));

    public Task<EnsembleProgress> PollAsync(int fromTick)
    {
        _lastPoll = DateTime.UtcNow;
        return Task.FromResult(_run?.Progress(fromTick) ?? new EnsembleProgress(RunStatus.Created, [], null));
    }

    public Task<byte[]?> TakeCheckpointAsync() => Task.FromResult(_run?.Checkpoint);

    public Task CancelAsync()
    {
        _run?.Cancel();
        return Task.CompletedTask;
    }

    public Task ForgetAsync()
    {
        _run?.Cancel();
        _run = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private Task CancelIfOrphaned(CancellationToken cancellationToken)
    {
        if (DateTime.UtcNow - _lastPoll > OrphanLimit)
        {
            _run?.Cancel();
            DeactivateOnIdle();
        }
        return Task.CompletedTask;
    }
}
