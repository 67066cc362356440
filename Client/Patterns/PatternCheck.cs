using OrleansGov.Client.Claims;
using OrleansGov.Client.Experiments;

namespace OrleansGov.Client.Patterns;

/// <summary>One measure's simulated values over the replicates of one parameter set.</summary>
public sealed record MeasureSpread(Measure Measure, double Mean, double Sd, double Min, double Max, int N);

/// <summary>
/// One pattern checked on a set of replicates: the spread of each measure, the discrepancy of the
/// replicate means (the pattern holds when it is at most 1) and the share of replicates that hold on
/// their own.
/// </summary>
public sealed record PatternResult(Pattern Pattern, IReadOnlyList<MeasureSpread> Measures, double Discrepancy, bool Holds, double ShareOfReplicatesHolding);

public static class PatternCheck
{
    /// <summary>Checks every pattern on <paramref name="replicates"/> (each a run reduced to <see cref="PatternSet.Measures"/>).</summary>
    public static IReadOnlyList<PatternResult> Evaluate(PatternSet set, IReadOnlyList<double[]> replicates)
    {
        var measures = set.Measures;
        var spreads = measures.Select((m, i) =>
        {
            var values = replicates.Select(r => r[i]).Where(v => !double.IsNaN(v)).ToList();
            var s = Statistics.Summarize(values);
            return new MeasureSpread(m, s.Mean, s.Sd, values.DefaultIfEmpty(double.NaN).Min(), values.DefaultIfEmpty(double.NaN).Max(), values.Count);
        }).ToList();
        double[] means = [.. spreads.Select(s => s.Mean)];
        var byRun = replicates.Select(set.Discrepancies).ToList();
        var overall = set.Discrepancies(means);
        return [.. set.Patterns.Select((p, k) => new PatternResult(
            p,
            [.. p.Measures.Select(m => spreads.First(s => s.Measure.Key == m.Key))],
            overall[k],
            Pattern.Holds(overall[k]),
            byRun.Count == 0 ? double.NaN : byRun.Count(d => Pattern.Holds(d[k])) / (double)byRun.Count))];
    }

    /// <summary>The means of each measure over replicates (NaN where no replicate defines it).</summary>
    public static double[] Means(IReadOnlyList<double[]> replicates, int measures) =>
        [.. Enumerable.Range(0, measures).Select(i =>
        {
            var values = replicates.Select(r => r[i]).Where(v => !double.IsNaN(v)).ToList();
            return values.Count == 0 ? double.NaN : values.Average();
        })];
}
