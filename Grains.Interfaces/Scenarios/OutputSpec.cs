namespace OrleansGov.Scenarios;

/// <summary>
/// The scenario's declared outputs (<c>outputs:</c>): what is written besides the nation and
/// province rows of <c>metrics.csv</c>. Off by default (<see cref="None"/>). They never change what the
/// agents do, so a fork may declare other outputs than the run its checkpoint came from.
/// </summary>
/// <param name="Series">County and/or city rows of chosen metrics, or null for none.</param>
/// <param name="Snapshots">Agent-level rows of chosen kinds, or null for none.</param>
[GenerateSerializer, Immutable, Alias("og.output-spec")]
public sealed record OutputSpec(SeriesOutput? Series, SnapshotOutput? Snapshots)
{
    /// <summary>No declared outputs.</summary>
    public static OutputSpec None { get; } = new(null, null);

    /// <summary>True when nothing is declared.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Series is null && Snapshots is null;

    /// <summary>
    /// Is tick <paramref name="tick"/> one that an output taken <paramref name="every"/> ticks records?
    /// The ends of each period of <paramref name="every"/> ticks: N−1, 2N−1, … (every tick for 1).
    /// </summary>
    public static bool IsDue(int tick, int every) => every > 0 && (tick + 1) % every == 0;

    public bool Equals(OutputSpec? other) =>
        other is not null
        && Equals(Series, other.Series)
        && Equals(Snapshots, other.Snapshots);

    public override int GetHashCode() => HashCode.Combine(Series, Snapshots);
}

/// <summary>
/// Per-government rows of chosen metrics: <paramref name="Scopes"/> (<c>county</c>, <c>city</c>) in
/// the order given, <paramref name="Metrics"/> as named in <c>metrics.csv</c>, every
/// <paramref name="Every"/> ticks.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.series-output")]
public sealed record SeriesOutput(string[] Scopes, string[] Metrics, int Every)
{
    public bool Equals(SeriesOutput? other) =>
        other is not null && Every == other.Every
        && Scopes.AsSpan().SequenceEqual(other.Scopes) && Metrics.AsSpan().SequenceEqual(other.Metrics);

    public override int GetHashCode() => HashCode.Combine(Every, Scopes.Length, Metrics.Length);
}

/// <summary>Agent-level rows of the agents of chosen <paramref name="Kinds"/> (<c>department</c>, …), every <paramref name="Every"/> ticks.</summary>
[GenerateSerializer, Immutable, Alias("og.snapshot-output")]
public sealed record SnapshotOutput(string[] Kinds, int Every)
{
    public bool Equals(SnapshotOutput? other) =>
        other is not null && Every == other.Every && Kinds.AsSpan().SequenceEqual(other.Kinds);

    public override int GetHashCode() => HashCode.Combine(Every, Kinds.Length);
}
