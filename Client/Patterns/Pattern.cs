using System.Globalization;
using OrleansGov.Client.Claims;

namespace OrleansGov.Client.Patterns;

/// <summary>
/// Where an observed fact comes from: a citation a reader can look up, the address if it is online,
/// and the words of the source that state the fact (quoted, in the source's language). A pattern
/// without one is refused: OrleansGov invents no data (docs/CALIBRATION.md, "Sources").
/// </summary>
public sealed record PatternSource(string Cite, string? Url, string Quote);

/// <summary>What kind of check a pattern is.</summary>
public enum PatternKind
{
    /// <summary>One simulated value against an observed value or interval, within a tolerance.</summary>
    Value,

    /// <summary>Two or more simulated values expected in descending order (a ranking, a rise over time).</summary>
    Order,
}

/// <summary>
/// One stylised fact as a check on outputs. <see cref="Discrepancy"/> is scaled so that a value of at
/// most 1 means the pattern holds: |distance to the observed interval| ÷ tolerance for a value; the
/// largest inversion between neighbours ÷ tolerance for an order.
/// </summary>
/// <param name="Id">Short name (letters, digits, '.', '_', '-').</param>
/// <param name="Text">The fact in words.</param>
/// <param name="Level">national, provincial or event (Grimm et al.: patterns at different levels).</param>
/// <param name="Measures">One measure (value) or the measures in expected descending order (order).</param>
/// <param name="Low">Observed interval's lower end (value patterns; −∞ for "at most").</param>
/// <param name="High">Observed interval's upper end (value patterns; +∞ for "at least").</param>
/// <param name="Tolerance">In the measure's natural units (&gt; 0).</param>
public sealed record Pattern(
    string Id,
    string Text,
    string Level,
    PatternSource Source,
    PatternKind Kind,
    IReadOnlyList<Measure> Measures,
    double Low,
    double High,
    double Tolerance,
    string Note)
{
    /// <summary>The scaled discrepancy of simulated <paramref name="values"/> (one per measure); NaN when a value is undefined.</summary>
    public double Discrepancy(IReadOnlyList<double> values)
    {
        if (values.Any(double.IsNaN))
        {
            return double.NaN;
        }
        if (Kind == PatternKind.Value)
        {
            double v = values[0];
            double gap = v < Low ? Low - v : v > High ? v - High : 0;
            return gap / Tolerance;
        }
        double worst = 0;
        for (int i = 0; i + 1 < values.Count; i++)
        {
            worst = Math.Max(worst, values[i + 1] - values[i]);
        }
        return worst / Tolerance;
    }

    /// <summary>Whether a discrepancy means the pattern holds (undefined values never do).</summary>
    public static bool Holds(double discrepancy) => !double.IsNaN(discrepancy) && discrepancy <= 1;

    /// <summary>The observation in words: "0.99", "≥ 0.95", "[0.8, 0.9]" or "guizhou > chongqing".</summary>
    public string Observed()
    {
        var inv = CultureInfo.InvariantCulture;
        if (Kind == PatternKind.Order)
        {
            return string.Join(" > ", Measures.Select(Label));
        }
        if (double.IsNegativeInfinity(Low)) return "≤ " + High.ToString("R", inv);
        if (double.IsPositiveInfinity(High)) return "≥ " + Low.ToString("R", inv);
        return Low == High ? Low.ToString("R", inv) : $"[{Low.ToString("R", inv)}, {High.ToString("R", inv)}]";
    }

    /// <summary>What distinguishes one of an order pattern's measures from the others (scope, statistic or metric).</summary>
    public string Label(Measure m)
    {
        var parts = new List<string>();
        if (Measures.Select(x => x.Metric).Distinct().Count() > 1) parts.Add(m.Metric);
        if (Measures.Select(x => x.Scope).Distinct().Count() > 1) parts.Add(m.Scope);
        if (Measures.Select(x => x.Statistic.Key).Distinct().Count() > 1) parts.Add(Describe(m.Statistic));
        return parts.Count == 0 ? m.Key : string.Join(" ", parts);
    }

    /// <summary>The statistic with its calendar date when it has one.</summary>
    public string Describe(ClaimStatistic statistic) =>
        Dates.TryGetValue(statistic.Tick, out var date) && statistic.Kind == "at-tick" ? date : statistic.ToString();

    /// <summary>Tick → date, for the ticks given as dates in the file (reports show the date).</summary>
    public IReadOnlyDictionary<int, string> Dates { get; init; } = new Dictionary<int, string>();
}

/// <summary>A parsed patterns file: its name, description and patterns, checked against one scenario.</summary>
public sealed record PatternSet(string Name, string Description, string SourceFile, IReadOnlyList<Pattern> Patterns)
{
    /// <summary>Every distinct measure the patterns read, in first-use order (what a run is reduced to).</summary>
    public IReadOnlyList<Measure> Measures => [.. Patterns.SelectMany(p => p.Measures).DistinctBy(m => m.Key)];

    /// <summary>Per pattern, the values it reads from one reduced run (<paramref name="reduced"/> in <see cref="Measures"/> order).</summary>
    public double[] Discrepancies(IReadOnlyList<double> reduced)
    {
        var index = Measures.Select((m, i) => (m.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
        return [.. Patterns.Select(p => p.Discrepancy([.. p.Measures.Select(m => reduced[index[m.Key]])]))];
    }

    /// <summary>
    /// The ABC distance: the largest scaled discrepancy over the patterns (L∞), so a distance of at most
    /// 1 means every pattern holds. An undefined pattern makes the distance +∞ (never accepted).
    /// </summary>
    public static double Distance(IReadOnlyList<double> discrepancies) =>
        discrepancies.Any(double.IsNaN) ? double.PositiveInfinity : discrepancies.DefaultIfEmpty(0).Max();
}
