namespace OrleansGov.Metrics;

/// <summary>
/// Zeroed <see cref="MetricsAccumulator"/>s for the leaves' per-step tallies. On the Orleans engine every
/// agent-tick filled a new accumulator (~280 B) that its government merged and dropped: the largest of
/// the project's own allocations per grain call (docs/PERFORMANCE.md, round 10). A government hands each
/// tally it has merged back here (<see cref="SealedTally.AddToAndRecycle"/>), and the next leaf step on
/// that thread takes it.
/// </summary>
/// <remarks>
/// One small stack per thread: no lock and no shared state between threads (a leaf's step and its
/// government's merge may run on different threads; each thread keeps what it was given, up to
/// <see cref="Capacity"/>, and lets the GC have the rest). A tally that crossed silos arrives as a copy,
/// so the receiver recycles the copy and the sender's original is ordinary garbage: an object is only
/// ever recycled by the one grain holding the last reference to it.
/// </remarks>
public static class TallyPool
{
    /// <summary>Accumulators kept per thread (~300 B each): a bound on what each thread of the pool holds (~40 KB).</summary>
    public const int Capacity = 128;

    [ThreadStatic] private static MetricsAccumulator[]? t_items;
    [ThreadStatic] private static int t_count;

    /// <summary>A zeroed accumulator: one from this thread's stack, or a new one.</summary>
    public static MetricsAccumulator Rent()
    {
        if (t_count > 0)
        {
            var items = t_items!;
            var tally = items[--t_count];
            items[t_count] = null!;
            return tally;
        }
        return new MetricsAccumulator();
    }

    /// <summary>Zeroes <paramref name="tally"/> and keeps it for a later <see cref="Rent"/>; the caller must hold no other use of it.</summary>
    internal static void Return(MetricsAccumulator tally)
    {
        var items = t_items ??= new MetricsAccumulator[Capacity];
        if (t_count < items.Length)
        {
            tally.Reset();
            items[t_count++] = tally;
        }
    }
}
