namespace OrleansGov.Client.Sensitivity;

/// <summary>
/// Saltelli's sampling scheme for first-order and total Sobol' indices without second order
/// (Saltelli 2002; Saltelli et al. 2010, design of their Table 1): N base points of a 2k-dimensional
/// Sobol' sequence give matrices A (first k coordinates) and B (last k); for each base point j the
/// design holds, in this order, A_j, then A_j with coordinate i taken from B_j (AB_i, for i = 1 … k),
/// then B_j — N·(k + 2) points. The order and the skip are SALib's
/// (src/SALib/sample/saltelli.py with calc_second_order=False): the first max(16, 2^⌈log₂ N⌉) points of
/// the sequence are skipped (Owen 2020 recommends powers of two for N and the skip). B's column of a
/// parameter whose SALib column would agree with A's on its levels far more or less often than independent
/// draws is taken from another dimension (<see cref="SaltelliPairing"/>).
/// </summary>
public static class Saltelli
{
    /// <summary>Points per base point: A, AB_1 … AB_k, B.</summary>
    public static int Stride(int k) => k + 2;

    /// <summary>SALib's default skip: the next power of two ≥ N, at least 16.</summary>
    public static int Skip(int n)
    {
        int p = 1;
        while (p < n)
        {
            p <<= 1;
        }
        return Math.Max(16, p);
    }

    public static bool IsPowerOfTwo(int n) => n > 1 && (n & (n - 1)) == 0;

    /// <summary>The design in the unit cube with SALib's columns (B = dimensions k + 1 … 2k): N·(k + 2) points of k coordinates, [point][parameter].</summary>
    public static double[][] Sample(int n, int k) => Sample(n, k, SaltelliPairing.DefaultColumns(k));

    /// <summary>
    /// The design with B's column i taken from Sobol' dimension <paramref name="bColumns"/>[i] (0-based;
    /// <see cref="SaltelliPairing"/> chooses them); A is always dimensions 1 … k.
    /// </summary>
    public static double[][] Sample(int n, int k, IReadOnlyList<int> bColumns)
    {
        if (bColumns.Count != k)
        {
            throw new ArgumentException($"{bColumns.Count} B columns for {k} parameters", nameof(bColumns));
        }
        int dimensions = Math.Max(2 * k, k == 0 ? 0 : bColumns.Max() + 1);
        var basePoints = SobolSequence.Generate(n, dimensions, Skip(n));
        var result = new double[n * Stride(k)][];
        int row = 0;
        foreach (var p in basePoints)
        {
            var a = p[..k];
            var b = bColumns.Select(d => p[d]).ToArray();
            result[row++] = a;
            for (int i = 0; i < k; i++)
            {
                var ab = (double[])a.Clone();
                ab[i] = b[i];
                result[row++] = ab;
            }
            result[row++] = b;
        }
        return result;
    }
}
