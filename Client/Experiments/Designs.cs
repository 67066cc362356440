using OrleansGov.Model;

namespace OrleansGov.Client.Experiments;

/// <summary>
/// Experiment designs: replicate seeds, full factorial grids and Latin hypercube samples. Their random
/// numbers come from SplitMix64 (Steele, Lea and Flood 2014) — the model's own generator,
/// <see cref="Rng.FromState"/> — so designs are reproducible.
/// </summary>
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
        var rng = Rng.FromState(experimentSeed);
        var seeds = new ulong[replicates];
        for (int r = 0; r < replicates; r++)
        {
            seeds[r] = rng.NextUInt64() & 0x7FFF_FFFF_FFFF_FFFFUL;
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
        var rng = Rng.FromState(seed);
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
                int j = NextInt(ref rng, i + 1);
                (strata[i], strata[j]) = (strata[j], strata[i]);
            }
            for (int i = 0; i < points; i++)
            {
                result[i][d] = (strata[i] + rng.NextDouble()) / points;
            }
        }
        return result;
    }

    /// <summary>A whole number in [0, <paramref name="bound"/>) by Lemire's multiply-shift (the tiny bias is irrelevant here; kept so designs stay as they were).</summary>
    private static int NextInt(ref Rng rng, int bound) => (int)(((rng.NextUInt64() >> 32) * (ulong)bound) >> 32);

    /// <summary>Maps a unit value onto [min, max]: continuous for fractions, equal-width integer bins for whole numbers.</summary>
    public static double Scale(double unit, double min, double max, bool integer) =>
        integer ? Math.Min(max, min + Math.Floor(unit * (max - min + 1))) : min + unit * (max - min);
}
