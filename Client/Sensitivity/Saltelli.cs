namespace OrleansGov.Client.Sensitivity;

/// <summary>
/// Saltelli's sampling scheme for first-order and total Sobol' indices without second order
/// (Saltelli 2002; Saltelli et al. 2010, design of their Table 1): N base points of a 2k-dimensional
/// Sobol' sequence give matrices A (first k coordinates) and B (last k); for each base point j the
/// design holds, in this order, A_j, then A_j with coordinate i taken from B_j (AB_i, for i = 1 … k),
/// then B_j — N·(k + 2) points. The order and the skip are SALib's
/// (src/SALib/sample/saltelli.py with calc_second_order=False): the first max(16, 2^⌈log₂ N⌉) points of
/// the sequence are skipped (Owen 2020 recommends powers of two for N and the skip).
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

    /// <summary>The design in the unit cube: N·(k + 2) points of k coordinates, [point][parameter].</summary>
    public static double[][] Sample(int n, int k)
    {
        var basePoints = SobolSequence.Generate(n, 2 * k, Skip(n));
        var result = new double[n * Stride(k)][];
        int row = 0;
        foreach (var b in basePoints)
        {
            result[row++] = b[..k];
            for (int i = 0; i < k; i++)
            {
                var ab = b[..k];
                ab[i] = b[k + i];
                result[row++] = ab;
            }
            result[row++] = b[k..];
        }
        return result;
    }
}
