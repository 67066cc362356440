namespace OrleansGov.Client.Sensitivity;

/// <summary>
/// One parameter's columns in a <see cref="Saltelli"/> design and how they balance: its A column is Sobol'
/// dimension i + 1 (1-based, as Joe and Kuo number them), its B column <paramref name="BDimension"/>.
/// </summary>
/// <param name="Parameter">The parameter's path.</param>
/// <param name="Levels">The levels the balance is read on (<see cref="SaltelliPairing.Levels"/>).</param>
/// <param name="BDimension">The Sobol' dimension of the B column: k + i + 1 (SALib's) unless that one was unbalanced.</param>
/// <param name="SameLevel">The share of the N base points where A and B fall on the same level.</param>
/// <param name="Independent">What independent A and B give: Σ p_l² = 1/levels (the levels are equally likely).</param>
public sealed record SaltelliColumn(string Parameter, int Levels, int BDimension, double SameLevel, double Independent);

/// <summary>
/// Chooses the B columns of Saltelli's design so that, for every parameter, A and B fall on the same level
/// about as often as independent draws would (docs/SENSITIVITY.md, "Saltelli's design").
/// <para>
/// Why: over the 2^m base points, the first bit of a coordinate of the unscrambled Sobol' sequence is a
/// linear form (over GF(2)) of the m low bits of the point's index, plus a constant; two dimensions whose
/// forms coincide have first bits that are equal at every point or different at every point. A switch
/// reads only the first bit, so when its A column (dimension i + 1) and SALib's B column (k + i + 1)
/// coincide, AB_i flips it in all N rows (Jansen's total index reads twice the truth) or in none (it reads
/// 0). Coarse levels of a whole number and the halves of a real have the same problem at a lower degree.
/// </para>
/// <para>
/// The rule, a pure function of N and the parameters' levels (no seed): a parameter whose SALib B column is
/// balanced keeps it (so designs of reals that SALib balances — the Ishigami and linear checks — are
/// SALib's); otherwise its B column is the first unused dimension after the 2k (2k + 1, 2k + 2, …) that is
/// balanced with its A column, preferring one whose first bit no other column of the design shares. A
/// parameter no dimension balances is refused (<see cref="Choose"/> returns it).
/// </para>
/// </summary>
public static class SaltelliPairing
{
    /// <summary>Whole numbers with more levels than this are read on halves, as reals.</summary>
    public const int MaxLevels = 16;

    /// <summary>2 for a switch, L for a whole number with L ≤ <see cref="MaxLevels"/> values, 2 (the halves of its range) otherwise.</summary>
    public static int Levels(SensitivityParameter p) => p.Kind == "integer" && p.Max - p.Min + 1 <= MaxLevels ? (int)(p.Max - p.Min + 1) : 2;

    /// <summary>A switch or a whole number with few levels: what the balance protects.</summary>
    public static bool IsDiscrete(SensitivityParameter p) => p.Kind == "boolean" || (p.Kind == "integer" && p.Max - p.Min + 1 <= MaxLevels);

    /// <summary>
    /// The accepted distance of the same-level share from 1/L: one standard deviation of that share for N
    /// independent random pairs, √(q(1 − q)/N) with q = 1/L, and never less than one point in N.
    /// </summary>
    public static double Tolerance(int n, int levels)
    {
        double q = 1.0 / levels;
        return Math.Max(Math.Sqrt(q * (1 - q) / n), 1.0 / n);
    }

    /// <summary>The level of unit coordinate <paramref name="u"/> among L equal bins: a switch's false/true, a whole number's value − min.</summary>
    public static int Level(double u, int levels) => Math.Min((int)Math.Floor(u * levels), levels - 1);

    /// <summary>The share of the points where dimensions <paramref name="a"/> and <paramref name="b"/> (0-based) fall on the same level.</summary>
    public static double SameLevel(IReadOnlyList<double[]> points, int a, int b, int levels)
    {
        int same = 0;
        foreach (var p in points)
        {
            if (Level(p[a], levels) == Level(p[b], levels))
            {
                same++;
            }
        }
        return (double)same / points.Count;
    }

    /// <summary>SALib's B columns: dimensions k … 2k − 1 (0-based).</summary>
    public static int[] DefaultColumns(int k) => [.. Enumerable.Range(k, k)];

    /// <summary>
    /// The balanced B columns for <paramref name="n"/> base points, or the index of the first parameter no
    /// free dimension of the sequence balances.
    /// </summary>
    public static (IReadOnlyList<SaltelliColumn> Columns, int? Unbalanced) Choose(int n, IReadOnlyList<SensitivityParameter> parameters)
    {
        int k = parameters.Count;
        if (2 * k > SobolSequence.MaxDimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), $"at most {SobolSequence.MaxDimensions / 2} parameters");
        }
        var levels = parameters.Select(Levels).ToArray();
        var columns = DefaultColumns(k);
        double[][] points = SobolSequence.Generate(n, 2 * k, Saltelli.Skip(n));
        bool Balanced(int i, int d) => Math.Abs(SameLevel(points, i, d, levels[i]) - 1.0 / levels[i]) <= Tolerance(n, levels[i]);
        for (int i = 0; i < k; i++)
        {
            if (Balanced(i, columns[i]))
            {
                continue;
            }
            if (points[0].Length < SobolSequence.MaxDimensions)
            {
                points = SobolSequence.Generate(n, SobolSequence.MaxDimensions, Saltelli.Skip(n)); // the extra dimensions, only when needed
            }
            var candidates = Enumerable.Range(2 * k, SobolSequence.MaxDimensions - 2 * k)
                .Where(d => !columns.Contains(d) && Balanced(i, d)).ToList();
            if (candidates.Count == 0)
            {
                return (Describe(points, columns, levels, parameters), i);
            }
            // Prefer a dimension whose first bit no other column shares: two columns that agree (or disagree)
            // at every point would tie two parameters' halves together in B or in AB_i.
            var others = Enumerable.Range(0, k).Concat(columns.Where((_, j) => j != i)).ToList();
            var separate = candidates.Where(d => others.All(o => Math.Abs(SameLevel(points, o, d, 2) - 0.5) <= Tolerance(n, 2)));
            columns[i] = separate.Any() ? separate.First() : candidates[0];
        }
        return (Describe(points, columns, levels, parameters), null);
    }

    private static List<SaltelliColumn> Describe(double[][] points, int[] columns, int[] levels, IReadOnlyList<SensitivityParameter> parameters) =>
        [.. parameters.Select((p, i) => new SaltelliColumn(p.Path, levels[i], columns[i] + 1,
            Math.Round(SameLevel(points, i, columns[i], levels[i]), 6), Math.Round(1.0 / levels[i], 6)))];
}
