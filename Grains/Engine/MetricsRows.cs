using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Scenarios;

namespace OrleansGov.Engine;

/// <summary>Builds one tick's result rows (nation first, then provinces) from per-province tallies.</summary>
public static class MetricsRows
{
    public const string NationScope = "nation";

    /// <summary>A run's recent windows: one scope for the nation and one per province.</summary>
    public static MetricsWindow NewWindow(World world) =>
        new(world.ProvinceCount + 1, world.K.Int(Constants.RecentWindow), world.K.Int(Constants.ComplianceWindow));

    /// <param name="nationOwn">What the nation agent itself contributed this tick.</param>
    /// <param name="provinces">Each province's merged subtree tallies, in province order.</param>
    /// <param name="window">The run's recent windows; ticks must come in order from 0.</param>
    public static ScopeMetrics[] Build(int tick, World world, MetricsAccumulator nationOwn, IReadOnlyList<MetricsAccumulator> provinces, MetricsWindow window)
    {
        var rows = new ScopeMetrics[provinces.Count + 1];
        var nation = new MetricsAccumulator();
        nation.Merge(nationOwn);
        for (int p = 0; p < provinces.Count; p++)
        {
            nation.Merge(provinces[p]);
            rows[p + 1] = provinces[p].ToMetrics(tick, world.Province(p).Name, window.Record(p + 1, tick, provinces[p].Cumulative()));
        }
        rows[0] = nation.ToMetrics(tick, NationScope, window.Record(0, tick, nation.Cumulative()));
        return rows;
    }
}
