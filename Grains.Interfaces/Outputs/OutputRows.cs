using OrleansGov.Model;

namespace OrleansGov.Outputs;

/// <summary>
/// One government's row of the declared series at a tick: the chosen metrics of its whole subtree, in
/// the order the scenario lists them (counts as whole numbers in a double, exact below 2^53).
/// </summary>
[GenerateSerializer, Immutable, Alias("og.series-row")]
public sealed record SeriesRow(AgentId Government, double[] Values);

/// <summary>One agent's row of a declared snapshot: its state after a tick, in its kind's snapshot columns (NaN: no value).</summary>
[GenerateSerializer, Immutable, Alias("og.snapshot-row")]
public sealed record SnapshotRow(AgentId Agent, double[] Values);

/// <summary>
/// The declared outputs a subtree (or the whole run) produced in one tick; null stands for none in
/// step results, so ticks without outputs cost nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.output-rows")]
public sealed record OutputRows(SeriesRow[] Series, SnapshotRow[] Snapshots)
{
    /// <summary>Concatenates parts (nulls skipped); null when they hold nothing.</summary>
    public static OutputRows? Concat(IEnumerable<OutputRows?> parts)
    {
        List<SeriesRow>? series = null;
        List<SnapshotRow>? snapshots = null;
        foreach (var part in parts)
        {
            if (part is null) continue;
            (series ??= []).AddRange(part.Series);
            (snapshots ??= []).AddRange(part.Snapshots);
        }
        return series is null && snapshots is null ? null : new OutputRows([.. series ?? []], [.. snapshots ?? []]);
    }
}

/// <summary>
/// One tick's declared outputs for the whole run, in canonical order (each list sorted by id), as an
/// engine hands them to the results writer.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.tick-outputs")]
public sealed record TickOutputs(int Tick, SeriesRow[] Series, SnapshotRow[] Snapshots)
{
    /// <summary>The run's rows of tick <paramref name="tick"/>, sorted by id whatever order the subtrees returned them in.</summary>
    public static TickOutputs Of(int tick, OutputRows? rows)
    {
        var series = rows?.Series.ToArray() ?? [];
        var snapshots = rows?.Snapshots.ToArray() ?? [];
        Array.Sort(series, (a, b) => a.Government.CompareTo(b.Government));
        Array.Sort(snapshots, (a, b) => a.Agent.CompareTo(b.Agent));
        return new TickOutputs(tick, series, snapshots);
    }
}
