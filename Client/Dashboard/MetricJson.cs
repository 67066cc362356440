using OrleansGov.Client.Results;
using OrleansGov.Metrics;

namespace OrleansGov.Client.Dashboard;

/// <summary>
/// Metric rows as the API sends them: <c>{tick, scope, cloud_adoption, …}</c> with the results' column
/// names; NaN (undefined ratios) becomes null. Aggregates only: nation and province rows.
/// </summary>
public static class MetricJson
{
    public static Dictionary<string, object?> Row(ScopeMetrics row)
    {
        var json = new Dictionary<string, object?>(MetricColumns.All.Count + 2, StringComparer.Ordinal)
        {
            ["tick"] = row.Tick,
            ["scope"] = row.Scope,
        };
        foreach (var column in MetricColumns.All)
        {
            json[column.Name] = column.IsCount ? column.Count(row) : Finite(column.Value(row));
        }
        return json;
    }

    public static List<Dictionary<string, object?>> Rows(IEnumerable<ScopeMetrics> rows) => rows.Select(Row).ToList();

    public static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
