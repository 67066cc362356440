namespace OrleansGov.Client.Experiments;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): state += 0x9E3779B97F4A7C15, then a fixed mix of the
/// state. Used for replicate seeds and the Latin hypercube sampler, so designs are reproducible.
/// </summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        ulong z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A double in [0, 1) from the top 53 bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A whole number in [0, <paramref name="bound"/>) (Lemire's multiply-shift; the tiny bias is irrelevant here).</summary>
    public int NextInt(int bound) => (int)(((Next() >> 32) * (ulong)bound) >> 32);
}

/// <summary>Experiment designs: replicate seeds, full factorial grids and Latin hypercube samples.</summary>
public static class Designs
{
    /// <summary>
    /// Replicate seeds derived from the experiment seed: replicate r (from 0) gets the (r+1)-th output
    /// of SplitMix64 seeded with the experiment seed, with the top bit cleared. (The bit was cleared when
    /// <c>--seed</c> stopped at 2⁶³−1; every seed now takes 0 … 2⁶⁴−1, and the rule stays as it was so
    /// earlier batches resume and report with the same seeds.) Every arm uses the same seeds (arms are paired by replicate).
    /// </summary>
    public static ulong[] ReplicateSeeds(ulong experimentSeed, int replicates)
    {
        var rng = new SplitMix64(experimentSeed);
        var seeds = new ulong[replicates];
        for (int r = 0; r < replicates; r++)
        {
            seeds[r] = rng.Next() & 0x7FFF_FFFF_FFFF_FFFFUL;
        }
        return seeds;
    }

    /// <summary>Every combination of the factors' levels; the last factor varies fastest.</summary>
    public static int[][] Grid(IReadOnlyList<int> levels)
    {
        var points = new List<int[]> { Array.Empty<int>() };
        foreach (int count in levels)
        {
            points = [.. points.SelectMany(p => Enumerable.Range(0, count).Select(i => (int[])[.. p, i]))];
        }
        return [.. points];
    }

    /// <summary>
    /// A Latin hypercube of <paramref name="points"/> points in [0, 1)^<paramref name="dimensions"/>:
    /// each dimension is cut into <paramref name="points"/> equal strata and every stratum holds exactly
    /// one point. Per dimension (in order) a Fisher–Yates permutation of the strata, then per point a
    /// uniform offset inside its stratum, all from one SplitMix64 stream seeded with <paramref name="seed"/>.
    /// Result: [point][dimension].
    /// </summary>
    public static double[][] LatinHypercube(int points, int dimensions, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var result = new double[points][];
        for (int i = 0; i < points; i++)
        {
            result[i] = new double[dimensions];
        }
        for (int d = 0; d < dimensions; d++)
        {
            int[] strata = [.. Enumerable.Range(0, points)];
            for (int i = points - 1; i > 0; i--)
            {
                int j = rng.NextInt(i + 1);
                (strata[i], strata[j]) = (strata[j], strata[i]);
            }
            for (int i = 0; i < points; i++)
            {
                result[i][d] = (strata[i] + rng.NextDouble()) / points;
            }
        }
        return result;
    }

    /// <summary>Maps a unit value onto [min, max]: continuous for fractions, equal-width integer bins for whole numbers.</summary>
    public static double Scale(double unit, double min, double max, bool integer) =>
        integer ? Math.Min(max, min + Math.Floor(unit * (max - min + 1))) : min + unit * (max - min);
}
