using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;

namespace OrleansGov.Client.Dashboard;

/// <summary>One metric as <c>GET /api/metrics</c> describes it to the page.</summary>
/// <param name="UnitInterval">In [0, 1]: the page fixes the axis to [0, 1].</param>
/// <param name="Count">An integer count: shown without decimals.</param>
/// <param name="Key">Charted by default.</param>
public sealed record MetricJsonInfo(string Name, string Label, string Unit, bool UnitInterval, bool Count, bool Key);

/// <summary>
/// The metrics the page may chart: every column of the contract (<see cref="MetricColumns"/>, in
/// declaration order) with what <see cref="MetricInfo"/> declares about it — the page keeps no list of its own.
/// </summary>
public static class MetricCatalog
{
    public static IReadOnlyList<MetricJsonInfo> All() => Cached;

    private static readonly MetricJsonInfo[] Cached = MetricColumns.All
        .Select(c =>
        {
            var e = MetricInfo.Of(c.Name);
            return new MetricJsonInfo(c.Name, e.Label, e.Unit, e.InUnitInterval, c.IsCount, e.Key);
        })
        .ToArray();
}
