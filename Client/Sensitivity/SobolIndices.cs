using OrleansGov.Model;

namespace OrleansGov.Client.Sensitivity;

/// <summary>A first-order and total index with their 95% bootstrap intervals.</summary>
public sealed record SobolIndex(double S1, double S1Low, double S1High, double ST, double STLow, double STHigh);

/// <summary>
/// First-order and total Sobol' indices from the outputs of a <see cref="Saltelli"/> design, with the
/// estimators SALib uses (src/SALib/analyze/sobol.py, first_order and total_order):
/// <list type="bullet">
/// <item>S1_i = mean_j[ f(B)_j · (f(AB_i)_j − f(A)_j) ] / V (Saltelli et al. 2010, Table 2 (b));</item>
/// <item>ST_i = ½ · mean_j[ (f(A)_j − f(AB_i)_j)² ] / V (Jansen 1999; Saltelli et al. 2010, Table 2 (f));</item>
/// </list>
/// V = the variance (population, ddof 0) of f(A) and f(B) together. Confidence intervals: the estimate
/// ± z₀.₉₇₅ × the standard deviation (ddof 1) of the estimator over bootstrap resamples of the N base
/// points (rows resampled with replacement, the same rows for A, B and AB_i), as in SALib.
/// </summary>
public static class SobolIndices
{
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Indices of every parameter from <paramref name="y"/>, the outputs in design order (length N·(k+2)).
    /// NaN indices when the output is undefined somewhere or does not vary.
    /// </summary>
    public static SobolIndex[] Analyse(IReadOnlyList<double> y, int k, int resamples, ulong seed)
    {
        int stride = Saltelli.Stride(k);
        if (y.Count % stride != 0 || y.Count == 0)
        {
            throw new ArgumentException($"{y.Count} outputs is not a multiple of k + 2 = {stride}", nameof(y));
        }
        int n = y.Count / stride;
        var a = new double[n];
        var b = new double[n];
        var ab = new double[k][];
        for (int i = 0; i < k; i++)
        {
            ab[i] = new double[n];
        }
        for (int j = 0; j < n; j++)
        {
            a[j] = y[j * stride];
            for (int i = 0; i < k; i++)
            {
                ab[i][j] = y[j * stride + 1 + i];
            }
            b[j] = y[j * stride + stride - 1];
        }
        var result = new SobolIndex[k];
        if (y.Any(v => !double.IsFinite(v)))
        {
            Array.Fill(result, new SobolIndex(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN));
            return result;
        }
        int[][] draws = Resamples(n, resamples, seed);
        var all = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < k; i++)
        {
            var (s1, st) = Estimate(a, b, ab[i], all);
            var bootS1 = new double[draws.Length];
            var bootST = new double[draws.Length];
            for (int r = 0; r < draws.Length; r++)
            {
                (bootS1[r], bootST[r]) = Estimate(a, b, ab[i], draws[r]);
            }
            double h1 = Z95 * Sd(bootS1), ht = Z95 * Sd(bootST);
            result[i] = new SobolIndex(s1, s1 - h1, s1 + h1, st, st - ht, st + ht);
        }
        return result;
    }

    /// <summary>S1 and ST over the base rows <paramref name="rows"/> (a bootstrap resample or all of them).</summary>
    private static (double S1, double ST) Estimate(double[] a, double[] b, double[] abi, int[] rows)
    {
        int n = rows.Length;
        double mean = 0;
        foreach (int j in rows)
        {
            mean += a[j] + b[j];
        }
        mean /= 2 * n;
        double variance = 0, first = 0, total = 0;
        foreach (int j in rows)
        {
            variance += (a[j] - mean) * (a[j] - mean) + (b[j] - mean) * (b[j] - mean);
            first += b[j] * (abi[j] - a[j]);
            total += (a[j] - abi[j]) * (a[j] - abi[j]);
        }
        variance /= 2 * n;
        return variance > 0 ? (first / n / variance, 0.5 * total / n / variance) : (double.NaN, double.NaN);
    }

    /// <summary>Bootstrap resamples of row indices, from SplitMix64 seeded with <paramref name="seed"/> (reproducible).</summary>
    internal static int[][] Resamples(int n, int resamples, ulong seed)
    {
        var rng = Rng.FromState(seed);
        var draws = new int[resamples][];
        for (int r = 0; r < resamples; r++)
        {
            draws[r] = new int[n];
            for (int j = 0; j < n; j++)
            {
                draws[r][j] = rng.Next(n);
            }
        }
        return draws;
    }

    /// <summary>Sample standard deviation (ddof 1) of the finite values; NaN with fewer than two.</summary>
    internal static double Sd(IEnumerable<double> values)
    {
        var list = values.Where(double.IsFinite).ToList();
        if (list.Count < 2)
        {
            return double.NaN;
        }
        double mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1));
    }
}
