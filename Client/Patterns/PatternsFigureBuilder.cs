using System.Globalization;
using OrleansGov.Client.Experiments;

namespace OrleansGov.Client.Patterns;

/// <summary>
/// What the patterns plot draws, taken from the same results the report's table is written from (so the
/// two cannot disagree) and from each replicate's values.
/// </summary>
public static class PatternsFigureBuilder
{
    /// <param name="replicates">Each completed run reduced to <see cref="PatternSet.Measures"/> (the runs <paramref name="results"/> were evaluated on).</param>
    /// <param name="run">What one run is, in words: "replicate" (a pattern check), "posterior draw" (a calibration's predictive checks).</param>
    public static PatternsFigure From(PatternSet set, string scenario, IReadOnlyList<PatternResult> results, IReadOnlyList<double[]> replicates, string run = "replicate")
    {
        var column = set.Measures.Select((m, i) => (m.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
        var panels = results.Select(r => Panel(r, replicates, column)).ToList();
        string title = string.Create(CultureInfo.InvariantCulture,
            $"Patterns {set.Name} on {scenario}: {results.Count(r => r.Holds)} of {results.Count} hold (mean of {ReportMarkdown.Plural(replicates.Count, run)})");
        return new PatternsFigure(title, panels, run);
    }

    private static FigurePanel Panel(PatternResult r, IReadOnlyList<double[]> replicates, Dictionary<string, int> column)
    {
        var p = r.Pattern;
        bool order = p.Kind == PatternKind.Order;
        // Simulated places: the means from highest to lowest (an undefined mean last; ties keep the expected order).
        var places = r.Measures.Select((s, i) => (s.Mean, i))
            .OrderBy(x => double.IsNaN(x.Mean) ? 1 : 0).ThenByDescending(x => double.IsNaN(x.Mean) ? 0 : x.Mean).ThenBy(x => x.i)
            .Select((x, place) => (x.i, place)).ToDictionary(x => x.i, x => x.place + 1);
        var measures = r.Measures.Select((s, i) => new FigureMeasure(
            order ? p.Label(s.Measure) : $"{s.Measure.Scope}, {p.Describe(s.Measure.Statistic)}",
            [.. replicates.Select(v => v[column[s.Measure.Key]]).Where(v => !double.IsNaN(v))],
            s.Mean, s.Min, s.Max, i + 1, places[i])).ToList();
        var metrics = p.Measures.Select(m => m.Metric).Distinct().ToList();
        var units = p.Measures.Select(m => m.Unit).Distinct().ToList();
        string unit = units.Count == 1 ? ShortUnit(units[0]) : "units differ";
        string yLabel = metrics.Count == 1 ? $"{MetricInfo.Label(metrics[0])} ({unit})" : $"value ({unit})";
        bool unitInterval = p.Measures.All(m => !m.Statistic.IsMilestone && MetricInfo.InUnitInterval(m.Metric));
        return new FigurePanel(p.Id, order, r.Holds, r.Discrepancy, p.Observed(), p.Low, p.High, p.Tolerance, yLabel, unitInterval, measures, p.Source.Cite);
    }

    /// <summary>"0–1" for a share or score; otherwise the unit as declared ("cumulative count", "ticks").</summary>
    private static string ShortUnit(string unit) => unit.EndsWith("0–1", StringComparison.Ordinal) ? "0–1" : unit;
}
