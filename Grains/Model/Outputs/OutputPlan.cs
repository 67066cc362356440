using System.Runtime.CompilerServices;
using OrleansGov.Metrics;
using OrleansGov.Outputs;
using OrleansGov.Scenarios;

namespace OrleansGov.Model.Outputs;

/// <summary>
/// What the scenario's declared outputs ask for at one tick, and how their rows are made — the one
/// place both engines build output rows, so the reference and Orleans engines cannot drift: a series
/// row from a government's subtree tallies, a snapshot row from an agent's state after its step.
/// </summary>
public sealed class OutputPlan
{
    private static readonly ConditionalWeakTable<World, Schedule> Schedules = new();

    private readonly SeriesMetric[] _metrics;
    private readonly bool _county, _city;
    private readonly bool[] _kinds = new bool[8];

    private OutputPlan(SeriesOutput? series, SnapshotOutput? snapshots)
    {
        _metrics = series is null ? [] : [.. series.Metrics.Select(m => OutputCatalog.Metrics[m])];
        _county = series?.Scopes.Contains("county") == true;
        _city = series?.Scopes.Contains("city") == true;
        foreach (var kind in snapshots?.Kinds ?? [])
        {
            _kinds[(int)OutputCatalog.Kinds[kind]] = true;
        }
    }

    /// <summary>The plan of <paramref name="tick"/>, or null when no declared output is due then (and always without declared outputs).</summary>
    public static OutputPlan? At(World world, int tick)
    {
        if (world.Scenario.Outputs.IsEmpty) return null;
        return Schedules.GetValue(world, w => new Schedule(w)).At(tick);
    }

    /// <summary>Does the tick want series rows of governments at <paramref name="level"/>?</summary>
    public bool WantsSeries(GovernmentLevel level) => level switch
    {
        GovernmentLevel.County => _county,
        GovernmentLevel.City => _city,
        _ => false,
    };

    /// <summary>Does any series row want subtree tallies at this tick?</summary>
    public bool WantsAnySeries => _county || _city;

    /// <summary>Does the tick want snapshot rows of agents of <paramref name="kind"/>?</summary>
    public bool WantsSnapshot(AgentKind kind) => _kinds[(int)kind];

    /// <summary>The snapshot row of <paramref name="agent"/> (after its step), or null when its kind is not due.</summary>
    public SnapshotRow? Snapshot(Agent agent)
    {
        if (!_kinds[(int)agent.Id.Kind]) return null;
        var state = agent.Describe();
        var columns = OutputCatalog.SnapshotColumns(agent.Id.Kind);
        var values = new double[columns.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = state.TryGetValue(columns[i], out double v) ? v : double.NaN;
        }
        return new SnapshotRow(agent.Id, values);
    }

    /// <summary>
    /// The series row of <paramref name="government"/> from its whole subtree's tallies at
    /// <paramref name="tick"/> (a county's closed with <see cref="MetricsAccumulator.CloseCounty"/>, so
    /// its Gini and SD see it), or null when its level is not due.
    /// </summary>
    public SeriesRow? Series(AgentId government, MetricsAccumulator subtree, int tick)
    {
        if (!WantsSeries(government.Level)) return null;
        var row = subtree.ToMetrics(tick, "");
        var values = new double[_metrics.Length];
        for (int i = 0; i < values.Length; i++) values[i] = _metrics[i].Value(row);
        return new SeriesRow(government, values);
    }

    /// <summary>The plans of a run, one per kind of tick (series due, snapshots due, both), built once per world.</summary>
    private sealed class Schedule(World world)
    {
        private readonly OutputSpec _spec = world.Scenario.Outputs;
        private readonly OutputPlan _series = new(world.Scenario.Outputs.Series, null);
        private readonly OutputPlan _snapshots = new(null, world.Scenario.Outputs.Snapshots);
        private readonly OutputPlan _both = new(world.Scenario.Outputs.Series, world.Scenario.Outputs.Snapshots);

        public OutputPlan? At(int tick)
        {
            bool series = _spec.Series is { } s && OutputSpec.IsDue(tick, s.Every);
            bool snapshots = _spec.Snapshots is { } n && OutputSpec.IsDue(tick, n.Every);
            return (series, snapshots) switch
            {
                (true, true) => _both,
                (true, false) => _series,
                (false, true) => _snapshots,
                _ => null,
            };
        }
    }
}
