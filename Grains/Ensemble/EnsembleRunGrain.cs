using Orleans.Placement;
using OrleansGov.Grains;
using OrleansGov.Runs;

namespace OrleansGov.Ensemble;

/// <summary>
/// Hosts one ensemble run (see <see cref="IEnsembleRunGrain"/>): the reference engine runs in the
/// background on a thread of its own (<see cref="OrleansGov.Engine.OwnThread"/>), so polls are answered while it runs. Placed by the client's
/// hint, else by resource load (CPU and memory of each silo). The run stops at its next tick when
/// nobody has polled it for a lease (its client died, or gave this attempt up and ran it elsewhere),
/// when this grain deactivates, or when the silo stops (<see cref="EnsembleRuns"/>), so it does not hold
/// a silo's cores for nobody; a timer then lets the grain go.
/// </summary>
[ResourceOptimizedPlacement]
public sealed class EnsembleRunGrain(ILocalSiloDetails silo, EnsembleRuns runs) : Grain, IEnsembleRunGrain
{
    private EnsembleRun? _run;

    public Task<EnsembleHost> StartAsync(EnsembleRunRequest request)
    {
        if (_run is not null)
        {
            throw new InvalidOperationException($"Ensemble run {this.GetPrimaryKeyString()} was already started.");
        }
        _run = runs.Start(this.GetPrimaryKeyString(), request);
        this.RegisterGrainTimer(LetGoIfAbandoned, new GrainTimerCreationOptions(runs.Lease, runs.Lease) { Interleave = true });
        return HostAsync();
    }

    public Task<EnsembleHost> HostAsync() => Task.FromResult(new EnsembleHost(silo.SiloAddress.ToParsableString(), Environment.ProcessorCount));

    public Task<EnsembleProgress> PollAsync(int fromTick)
    {
        if (_run is { Abandoned: true })
        {
            // Stopped for want of polls (a client that came back late): not a result. Answer as a grain
            // without a run, which the client takes for a lost attempt and runs again elsewhere.
            DeactivateOnIdle();
            return Task.FromResult(new EnsembleProgress(RunStatus.Created, [], $"the run was stopped ({_run.StopReason})"));
        }
        _run?.Renew();
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

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Whatever the reason (collected, forgotten, its silo stopping): nobody can poll this run any more.
        _run?.Stop(EnsembleStop.Deactivated);
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    private Task LetGoIfAbandoned(CancellationToken cancellationToken)
    {
        if (_run is { Abandoned: true })
        {
            DeactivateOnIdle();
        }
        return Task.CompletedTask;
    }
}
