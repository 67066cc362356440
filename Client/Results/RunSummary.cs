using System.Text.Json;
using OrleansGov.Metrics;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Results;

/// <summary>
/// <c>summary.json</c>: per scope, every metric's final value and its mean over the ticks, and the
/// first ticks at which cloud adoption reached 0.5 and 0.8. No times or run ids, so equal runs give
/// byte-identical files. NaN (undefined) values are written as null.
/// </summary>
public static class RunSummary
{
    public static readonly double[] AdoptionThresholds = [0.5, 0.8];

    public static void Write(Stream stream, Scenario scenario, IReadOnlyList<ScopeMetrics> rows)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("scenario", scenario.Name);
        json.WriteNumber("seed", scenario.Seed);
        json.WriteNumber("ticks", rows.Count == 0 ? 0 : rows.Max(r => r.Tick) + 1);
        json.WriteStartArray("scopes");
        // Scopes in the order they first appear: the nation, then provinces in scenario order.
        foreach (var scope in rows.Select(r => r.Scope).Distinct(StringComparer.Ordinal))
        {
            WriteScope(json, scope, rows.Where(r => r.Scope == scope).OrderBy(r => r.Tick).ToArray());
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteScope(Utf8JsonWriter json, string scope, ScopeMetrics[] series)
    {
        json.WriteStartObject();
        json.WriteString("scope", scope);
        json.WriteNumber("ticks", series.Length);
        foreach (double threshold in AdoptionThresholds)
        {
            string name = $"first_tick_cloud_adoption_{(int)(threshold * 100)}";
            var reached = series.FirstOrDefault(r => r.CloudAdoption >= threshold);
            if (reached is null)
            {
                json.WriteNull(name);
            }
            else
            {
                json.WriteNumber(name, reached.Tick);
            }
        }
        json.WriteStartObject("final");
        var last = series[^1];
        foreach (var column in MetricColumns.All)
        {
            if (column.IsCount)
            {
                json.WriteNumber(column.Name, column.Count(last));
            }
            else
            {
                WriteNumberOrNull(json, column.Name, column.Value(last));
            }
        }
        json.WriteEndObject();
        json.WriteStartObject("mean");
        foreach (var column in MetricColumns.All)
        {
            WriteNumberOrNull(json, column.Name, Mean(series, column));
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Mean over the ticks where the metric is defined (tick order, so the bits are reproducible); NaN if never.</summary>
    public static double Mean(IEnumerable<ScopeMetrics> series, MetricColumn column)
    {
        double sum = 0;
        int count = 0;
        foreach (var row in series)
        {
            double value = column.Value(row);
            if (!double.IsNaN(value))
            {
                sum += value;
                count++;
            }
        }
        return count == 0 ? double.NaN : sum / count;
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
