using OrleansGov.Grains;
using OrleansGov.Outputs;

namespace OrleansGov.Engine;

/// <summary>
/// The client's side of a run's declared outputs on the Orleans engine: takes each tick's rows from
/// the run's coordinator as they are made (a long poll that acknowledges what was taken) and hands
/// them to the writer in tick order, each tick once — a tick made again after a recovery is skipped.
/// A coordinator that cannot be reached for a while (its silo lost) is asked again.
/// </summary>
internal static class OutputTaker
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(1);

    /// <param name="from">The first tick the run makes (a fork's checkpoint tick).</param>
    /// <param name="ended">Cancelled when the run has ended: whatever is kept then is taken once more, then the taker stops.</param>
    public static async Task RunAsync(IRunCoordinatorGrain coordinator, int from, Func<TickOutputs, Task> sink, CancellationToken ended)
    {
        int next = from;
        while (true)
        {
            bool last = ended.IsCancellationRequested;
            TickOutputs[] taken;
            try
            {
                taken = await coordinator.TakeOutputsAsync(next, last ? TimeSpan.Zero : Wait);
            }
            catch (Exception) when (!last)
            {
                await Task.Delay(500, CancellationToken.None);
                continue;
            }
            catch (Exception)
            {
                return; // the run is over and its coordinator gone: the writer reports any tick missing
            }
            foreach (var tick in taken.Where(t => t.Tick >= next))
            {
                await sink(tick);
                next = tick.Tick + 1;
            }
            if (last)
            {
                return;
            }
        }
    }
}
