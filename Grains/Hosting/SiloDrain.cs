using Microsoft.Extensions.Logging;
using OrleansGov.Grains;
using OrleansGov.Runs;

namespace OrleansGov.Hosting;

/// <summary>
/// A graceful stop of a silo never loses a run: before the silo stops serving (the first stop stage,
/// while it still runs grains), every running run is asked to checkpoint at its next tick barrier;
/// the runs then continue without this silo from that checkpoint, nothing recomputed.
/// </summary>
internal sealed class SiloDrain(IGrainFactory grains, ILocalSiloDetails silo, ILogger<SiloDrain> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloDrain), ServiceLifecycleStage.Active, _ => Task.CompletedTask, DrainAsync);

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        try
        {
            var runs = await grains.GetGrain<IRunRegistryGrain>(IRunRegistryGrain.Key).ListAsync().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            var running = runs.Where(r => r.Info.Status is RunStatus.Running).ToArray();
            if (running.Length == 0)
            {
                return;
            }
            logger.LogWarning("Silo {Silo} is stopping: checkpointing {Count} running run(s) first", silo.SiloAddress, running.Length);
            await Task.WhenAll(running.Select(r => grains.GetGrain<IRunCoordinatorGrain>(r.RunId).DrainAsync(silo.SiloAddress)))
                .WaitAsync(Limit, cancellationToken);
        }
        catch (Exception ex)
        {
            // Best effort: a run that could not checkpoint here recovers from its last checkpoint instead.
            logger.LogWarning(ex, "Silo {Silo}: draining runs before stopping failed", silo.SiloAddress);
        }
    }
}
