using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansGov.Checkpoints;

namespace OrleansGov.Client.Bench;

/// <summary>
/// The bench silo's checkpoint store: the in-memory one, plus a <see cref="Stopwatch"/> timestamp of
/// each tick's end. The coordinator records its progress right after timing a tick, so the call that
/// says "k ticks done" marks the end of tick k − 1 to within microseconds; with the coordinator's own
/// tick times that places every tick in time, and so the collections in it (<see cref="TickTimeline"/>).
/// No grain call is added or wrapped: the timed runs pay what a real run pays.
/// </summary>
public sealed class TickEndStamps() : DelegatingCheckpointStore(new MemoryCheckpointStore())
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, long>> _ends = new();

    public override Task WriteProgressAsync(string runId, int ticksDone)
    {
        _ends.GetOrAdd(runId, _ => new())[ticksDone - 1] = Stopwatch.GetTimestamp();
        return base.WriteProgressAsync(runId, ticksDone);
    }

    /// <summary>The end of each of the run's ticks 0 … ticks − 1 (null where none was stamped).</summary>
    public long?[] Ends(string runId, int ticks)
    {
        var ends = _ends.TryGetValue(runId, out var stamped) ? stamped : new();
        return Enumerable.Range(0, ticks).Select(t => ends.TryGetValue(t, out long at) ? at : (long?)null).ToArray();
    }
}
