using OrleansGov.Client.Experiments;

namespace OrleansGov.Client.Claims;

/// <summary>
/// A contrast's estimate in the measure's natural units with its 95% CI, then its standardised size.
/// </summary>
/// <param name="Value">Mean over the complete replicates of the per-replicate contrast Σ w·value (= Σ w·arm mean).</param>
/// <param name="CiLow">Lower bound of the t-based 95% CI of <paramref name="Value"/> (df = n − 1); NaN when n &lt; 2.</param>
/// <param name="N">Complete replicates: those where every arm of the contrast has a value.</param>
/// <param name="LeftOut">Replicates left out because an arm's value is undefined (a rate with no negotiations, a milestone never reached, a run that failed).</param>
/// <param name="SdPooled">√(mean of the arms' variances) over the complete replicates: the spread between runs of one arm.</param>
/// <param name="CohensD">Value ÷ SdPooled (NaN when SdPooled is 0); for two arms Cohen's d with the pooled SD. Uninformative when replicates are near-deterministic.</param>
/// <param name="Method"><c>paired</c>: replicate r of every arm has the same seed, so the contrast is analysed per replicate.</param>
public sealed record Effect(double Value, double CiLow, double CiHigh, int N, int LeftOut, double SdPooled, double CohensD, string Method = PairedContrast.Method);

/// <summary>
/// Contrasts of arm means over paired replicates. In a claims run replicate r of every arm (and of
/// every ablated arm, and of every arm at a robustness point) runs with the same seed, so arms are
/// paired: the contrast Σ w·value is computed per replicate and its mean gets a one-sample t interval
/// (for two arms, the paired t interval of a − b). Pairing removes the variation the arms share
/// through common random numbers; Welch's interval would ignore it and be too wide when paired runs
/// are positively correlated (and too narrow when negatively).
/// </summary>
public static class PairedContrast
{
    public const string Method = "paired";

    /// <summary>
    /// The contrast Σ w_arm · value_arm over replicates paired by index. A replicate is used only when
    /// every arm has a finite value there (complete cases), so the arm means and the contrast are over
    /// the same runs.
    /// </summary>
    public static Effect Estimate(IReadOnlyDictionary<string, int> weights, IReadOnlyDictionary<string, double[]> values)
    {
        var complete = CompleteReplicates(weights.Keys, values, out int total);
        var contrast = Statistics.Summarize(complete.Select(r => PerReplicate(weights, values, r)));
        double pooledVariance = weights.Keys.Average(arm =>
        {
            double sd = Statistics.Summarize(complete.Select(r => values[arm][r])).Sd;
            return sd * sd;
        });
        double sdPooled = Math.Sqrt(pooledVariance);
        double d = sdPooled > 0 ? contrast.Mean / sdPooled : double.NaN;
        return new Effect(contrast.Mean, contrast.CiLow, contrast.CiHigh, contrast.N, total - complete.Count, sdPooled, d);
    }

    /// <summary>
    /// The paired difference of one contrast between two settings (with and without a mechanism), per
    /// replicate: s·(contrast_with − contrast_without), s the expected sign, so positive = the setting
    /// "with" has more of the expected effect. Its d is the mean ÷ SD of these differences (d_z).
    /// </summary>
    public static Effect Reduction(IReadOnlyDictionary<string, int> weights, int expectedSign, IReadOnlyDictionary<string, double[]> with, IReadOnlyDictionary<string, double[]> without)
    {
        var on = CompleteReplicates(weights.Keys, with, out int totalOn);
        var off = CompleteReplicates(weights.Keys, without, out int totalOff);
        var both = on.Intersect(off).ToList();
        var s = Statistics.Summarize(both.Select(r => expectedSign * (PerReplicate(weights, with, r) - PerReplicate(weights, without, r))));
        return new Effect(s.Mean, s.CiLow, s.CiHigh, s.N, Math.Min(totalOn, totalOff) - both.Count, s.Sd, s.Sd > 0 ? s.Mean / s.Sd : double.NaN);
    }

    /// <summary>Summary of one arm over the replicates complete for the whole contrast (the arm means shown beside it).</summary>
    public static SampleSummary Arm(string arm, IReadOnlyDictionary<string, int> weights, IReadOnlyDictionary<string, double[]> values) =>
        Statistics.Summarize(CompleteReplicates(weights.Keys, values, out _).Select(r => values[arm][r]));

    private static double PerReplicate(IReadOnlyDictionary<string, int> weights, IReadOnlyDictionary<string, double[]> values, int r)
    {
        double sum = 0;
        foreach (var (arm, w) in weights)
        {
            sum += w * values[arm][r];
        }
        return sum;
    }

    private static List<int> CompleteReplicates(IEnumerable<string> arms, IReadOnlyDictionary<string, double[]> values, out int total)
    {
        var list = arms.ToList();
        total = list.Min(arm => values[arm].Length);
        var complete = new List<int>(total);
        for (int r = 0; r < total; r++)
        {
            bool all = true;
            foreach (string arm in list)
            {
                all &= double.IsFinite(values[arm][r]);
            }
            if (all)
            {
                complete.Add(r);
            }
        }
        return complete;
    }
}
