using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Scenarios;

namespace OrleansGov.Engine;

/// <summary>Builds one tick's result rows (nation first, then provinces) from per-province tallies.</summary>
public static class MetricsRows
{
    public const string NationScope = "nation";

    /// <param name="nationOwn">What the nation agent itself contributed this tick.</param>
    /// <param name="provinces">Each province's merged subtree tallies, in province order.</param>
    /// <remarks>The recent-window columns are left empty: the holder of the run's rows fills them (<see cref="MetricsWindow"/>).</remarks>
    public static ScopeMetrics[] Build(int tick, World world, MetricsAccumulator nationOwn, IReadOnlyList<MetricsAccumulator> provinces)
    {
        var rows = new ScopeMetrics[provinces.Count + 1];
        var nation = new MetricsAccumulator();
        nation.Merge(nationOwn);
        for (int p = 0; p < provinces.Count; p++)
        {
            nation.Merge(provinces[p]);
            rows[p + 1] = provinces[p].ToMetrics(tick, world.Province(p).Name);
        }
        rows[0] = nation.ToMetrics(tick, NationScope);
        return rows;
    }
}
