namespace OrleansGov.Client.Sensitivity;

/// <summary>
/// The Sobol' low-discrepancy sequence in [0, 1)^d (Sobol' 1967; Bratley and Fox 1988, algorithm 659,
/// with the Gray-code order of Antonov and Saleev 1979), 32 bits per coordinate, with Joe and Kuo's
/// direction numbers (<see cref="JoeKuoDirections"/>). Unscrambled, so it has no seed: the same
/// (points, dimensions, skip) give the same numbers on every machine. The construction is that of SALib
/// (src/SALib/sample/sobol_sequence.py), with 32 bits instead of 31.
/// </summary>
public static class SobolSequence
{
    private const int Bits = 32;

    /// <summary>The most dimensions the direction table supports.</summary>
    public static int MaxDimensions => JoeKuoDirections.Table.Length + 1;

    /// <summary>
    /// Points <paramref name="skip"/> … <paramref name="skip"/> + <paramref name="points"/> − 1 of the
    /// sequence (point 0 is the origin). Result: [point][dimension].
    /// </summary>
    public static double[][] Generate(int points, int dimensions, int skip = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(points);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        if (dimensions < 1 || dimensions > MaxDimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), $"the Sobol' sequence here has 1 … {MaxDimensions} dimensions (asked {dimensions})");
        }
        if ((long)points + skip > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(points), "more points than 32 bits address");
        }
        var v = new uint[dimensions][];
        for (int d = 0; d < dimensions; d++)
        {
            v[d] = Directions(d);
        }
        var x = new uint[dimensions];
        var result = new double[points][];
        long total = (long)skip + points;
        for (long i = 0; i < total; i++)
        {
            if (i > 0)
            {
                // Gray code: point i differs from point i − 1 by the direction number of the lowest zero bit of i − 1.
                int c = LowestZeroBit((uint)(i - 1));
                for (int d = 0; d < dimensions; d++)
                {
                    x[d] ^= v[d][c];
                }
            }
            if (i >= skip)
            {
                var point = new double[dimensions];
                for (int d = 0; d < dimensions; d++)
                {
                    point[d] = x[d] / 4294967296.0; // 2³²
                }
                result[i - skip] = point;
            }
        }
        return result;
    }

    /// <summary>Direction numbers v[1 … 32] of one dimension (index 0 unused), scaled to 32 bits.</summary>
    private static uint[] Directions(int dimension)
    {
        var v = new uint[Bits + 1];
        if (dimension == 0)
        {
            for (int j = 1; j <= Bits; j++)
            {
                v[j] = 1u << (Bits - j);
            }
            return v;
        }
        var (s, a, m) = JoeKuoDirections.Table[dimension - 1];
        for (int j = 1; j <= Math.Min(s, Bits); j++)
        {
            v[j] = (uint)m[j - 1] << (Bits - j);
        }
        for (int j = s + 1; j <= Bits; j++)
        {
            v[j] = v[j - s] ^ (v[j - s] >> s);
            for (int k = 1; k < s; k++)
            {
                v[j] ^= (uint)((a >> (s - 1 - k)) & 1) * v[j - k];
            }
        }
        return v;
    }

    /// <summary>1-based position of the lowest zero bit (1 for even numbers).</summary>
    private static int LowestZeroBit(uint value)
    {
        int index = 1;
        while ((value & 1) != 0)
        {
            value >>= 1;
            index++;
        }
        return index;
    }
}
