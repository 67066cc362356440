namespace OrleansGov.Client.Patterns;

/// <summary>One measure of a pattern as the plot draws it: its replicate values and their summary.</summary>
/// <param name="Label">The category's label (the measure's scope, date or metric; for a value pattern the measure itself).</param>
/// <param name="Values">The simulated value of every replicate that defines it, in run order.</param>
/// <param name="Mean">The mean over those replicates (the value the pattern is judged on).</param>
/// <param name="ExpectedRank">1-based place in the expected order (1 = highest); 1 for a value pattern.</param>
/// <param name="SimulatedRank">1-based place of <paramref name="Mean"/> among the pattern's means, highest first.</param>
public sealed record FigureMeasure(string Label, double[] Values, double Mean, double Min, double Max, int ExpectedRank, int SimulatedRank);

/// <summary>
/// One pattern's panel: what was observed, where the pattern holds, what was simulated. A value pattern
/// holds when the mean lies within [<see cref="Low"/> − tolerance, <see cref="High"/> + tolerance]; an
/// order pattern when each measure's mean is at most the mean of the one expected above it + tolerance.
/// </summary>
/// <param name="Low">Observed interval's lower end (−∞ for "at most"; NaN for an order).</param>
/// <param name="High">Observed interval's upper end (+∞ for "at least"; NaN for an order).</param>
public sealed record FigurePanel(
    string Id,
    bool IsOrder,
    bool Holds,
    double Discrepancy,
    string Observed,
    double Low,
    double High,
    double Tolerance,
    string YLabel,
    bool UnitInterval,
    IReadOnlyList<FigureMeasure> Measures,
    string Source)
{
    /// <summary>The most a measure of an order pattern may reach and the order still hold (the mean expected above it + tolerance); NaN for the first.</summary>
    public double Ceiling(int i) => IsOrder && i > 0 ? Measures[i - 1].Mean + Tolerance : double.NaN;

    /// <summary>The simulated order in words, highest mean first ("guizhou > guangxi").</summary>
    public string SimulatedOrder => string.Join(" > ", Measures.OrderBy(m => m.SimulatedRank).Select(m => m.Label));

    /// <summary>The expected order in words.</summary>
    public string ExpectedOrder => string.Join(" > ", Measures.OrderBy(m => m.ExpectedRank).Select(m => m.Label));
}

/// <summary>The patterns plot's content: a title and one panel per pattern, in the file's order; <paramref name="Run"/> names one run ("replicate", or "posterior draw").</summary>
public sealed record PatternsFigure(string Title, IReadOnlyList<FigurePanel> Panels, string Run = "replicate");
