using OrleansGov.Model;

namespace OrleansGov.Client.Sensitivity;

/// <summary>μ, μ*, σ of one parameter's elementary effects, with a 95% bootstrap interval of μ*.</summary>
public sealed record MorrisIndex(double Mu, double MuStar, double MuStarLow, double MuStarHigh, double Sigma);

/// <summary>
/// Morris' elementary effects (Morris 1991; μ* of Campolongo, Cariboni and Saltelli 2007). A design is
/// r trajectories of k + 1 points on a p-level grid {0, 1/(p−1), …, 1} of the unit cube; consecutive
/// points of a trajectory differ in one coordinate, by ±Δ with Δ = p / (2(p − 1)). Built as SALib's
/// vanilla sampler (src/SALib/sample/morris/morris.py): B* = J x* + (Δ/2)[(2B − J) D* + J] P*, with
/// x* drawn per coordinate from {0, …, 1 − Δ} (p/2 values), D* random signs and P* a random order —
/// here all from one SplitMix64 stream, so a seed gives the same design everywhere.
/// </summary>
public static class Morris
{
    /// <summary>Δ = p / (2(p − 1)): two thirds for the usual p = 4.</summary>
    public static double Delta(int levels) => levels / (2.0 * (levels - 1));

    /// <summary>r·(k + 1) points in the unit cube, trajectory after trajectory; [point][parameter].</summary>
    public static double[][] Sample(int trajectories, int k, int levels, ulong seed)
    {
        double delta = Delta(levels);
        int starts = levels / 2; // x* ∈ {0, 1/(p−1), …, 1 − Δ}: p/2 grid values
        var rng = Rng.FromState(seed);
        var result = new double[trajectories * (k + 1)][];
        int row = 0;
        for (int t = 0; t < trajectories; t++)
        {
            var start = new double[k];
            var sign = new int[k];
            for (int i = 0; i < k; i++)
            {
                start[i] = rng.Next(starts) / (double)(levels - 1);
                sign[i] = rng.Next(2) == 0 ? -1 : 1;
            }
            int[] order = [.. Enumerable.Range(0, k)];
            for (int i = k - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            // A coordinate moving up starts at x*, one moving down at x* + Δ; each step moves one coordinate by its sign·Δ.
            var x = new double[k];
            for (int i = 0; i < k; i++)
            {
                x[i] = sign[i] > 0 ? start[i] : start[i] + delta;
            }
            result[row++] = (double[])x.Clone();
            foreach (int i in order)
            {
                x[i] = sign[i] > 0 ? start[i] + delta : start[i];
                result[row++] = (double[])x.Clone();
            }
        }
        return result;
    }

    /// <summary>
    /// μ, μ*, σ per parameter from the outputs <paramref name="y"/> of the design <paramref name="x"/>
    /// (SALib src/SALib/analyze/morris.py): for each step of a trajectory the moved parameter i gets the
    /// elementary effect EE = (y_after − y_before) / Δ, sign-corrected for a downward step, Δ in unit
    /// (fraction-of-range) terms. μ = mean EE, μ* = mean |EE|, σ = SD of EE (ddof 1); μ*'s interval is
    /// μ* ± z₀.₉₇₅ × the SD of μ* over bootstrap resamples of the r effects. NaN where an effect is undefined.
    /// </summary>
    public static MorrisIndex[] Analyse(double[][] x, IReadOnlyList<double> y, int k, int levels, int resamples, ulong seed)
    {
        if (x.Length != y.Count || x.Length % (k + 1) != 0)
        {
            throw new ArgumentException($"{y.Count} outputs for {x.Length} design points of {k + 1} per trajectory", nameof(y));
        }
        double delta = Delta(levels);
        int trajectories = x.Length / (k + 1);
        var effects = new double[k][];
        for (int i = 0; i < k; i++)
        {
            effects[i] = new double[trajectories];
        }
        for (int t = 0; t < trajectories; t++)
        {
            int first = t * (k + 1);
            for (int step = 0; step < k; step++)
            {
                var before = x[first + step];
                var after = x[first + step + 1];
                int moved = Moved(before, after);
                double ee = (y[first + step + 1] - y[first + step]) / delta;
                effects[moved][t] = after[moved] > before[moved] ? ee : -ee;
            }
        }
        var draws = SobolIndices.Resamples(trajectories, resamples, seed);
        var result = new MorrisIndex[k];
        for (int i = 0; i < k; i++)
        {
            var ee = effects[i];
            if (ee.Any(v => !double.IsFinite(v)))
            {
                result[i] = new MorrisIndex(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
                continue;
            }
            double mu = ee.Average();
            double muStar = ee.Average(Math.Abs);
            double sigma = SobolIndices.Sd(ee);
            var boot = draws.Select(rows => rows.Average(j => Math.Abs(ee[j])));
            double half = SobolIndices.Z95 * SobolIndices.Sd(boot);
            result[i] = new MorrisIndex(mu, muStar, muStar - half, muStar + half, sigma);
        }
        return result;
    }

    /// <summary>The one coordinate in which two consecutive points of a trajectory differ.</summary>
    private static int Moved(double[] before, double[] after)
    {
        for (int i = 0; i < before.Length; i++)
        {
            if (before[i] != after[i])
            {
                return i;
            }
        }
        throw new ArgumentException("two consecutive points of a trajectory are equal");
    }
}
