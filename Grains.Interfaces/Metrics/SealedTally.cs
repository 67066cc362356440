namespace OrleansGov.Metrics;

/// <summary>
/// A subtree's metric tallies as a grain hands them up (issue 14 item 18): read-only. The
/// <see cref="MetricsAccumulator"/> inside has public mutable fields, and a step output is
/// <c>[Immutable]</c> — Orleans passes it by reference between grains of one silo — so the accumulator
/// never crosses the boundary bare: the sender seals the one it filled and never touches it again, and
/// the receiver can only add it into an accumulator of its own (<see cref="AddTo"/>) or read it.
/// A struct: wrapping costs no object and no copy (it was a class, one small object per step call;
/// docs/PERFORMANCE.md, rounds 5 and 9).
/// </summary>
[GenerateSerializer, Immutable, Alias("og.sealed-tally")]
public readonly struct SealedTally
{
    [Id(0)]
    private readonly MetricsAccumulator _tally;

    /// <summary>Seals <paramref name="tally"/>: the caller gives it up and must not change it afterwards.</summary>
    public SealedTally(MetricsAccumulator tally) => _tally = tally ?? throw new ArgumentNullException(nameof(tally));

    /// <summary>Adds these tallies into <paramref name="target"/> (which is changed; this is not).</summary>
    public void AddTo(MetricsAccumulator target) => target.Merge(_tally);

    /// <summary>
    /// Adds these tallies into <paramref name="target"/> and gives the sealed accumulator back to the
    /// <see cref="TallyPool"/>, zeroed. Only for the last holder: a step output received from another
    /// grain (in a silo passed by reference, between silos a copy) that is dropped right after; any later
    /// use of this tally (or a copy of this struct) would read the next renter's counts.
    /// </summary>
    public void AddToAndRecycle(MetricsAccumulator target)
    {
        target.Merge(_tally);
        TallyPool.Return(_tally);
    }

    /// <summary>The scope's metrics at <paramref name="tick"/>, computed without exposing the tallies.</summary>
    public ScopeMetrics ToMetrics(int tick, string scope) => _tally.ToMetrics(tick, scope);
}
