using System.Globalization;
using OrleansGov.Client.Experiments;

namespace OrleansGov.Client.Calibration;

/// <summary>
/// The Sobol indices of a sensitivity folder (<c>indices.csv</c>, written by <c>orleansgov sensitivity</c>:
/// <c>method,output,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi</c>, outputs named <c>&lt;claim id&gt;:&lt;condition&gt;</c>),
/// read to say which parameters decide a claim (the estimator that computes them is <see cref="Sensitivity.SobolIndices"/>).
/// </summary>
public sealed record SobolIndicesFile(IReadOnlyList<SobolIndicesFile.Row> Rows)
{
    public const string FileName = "indices.csv";

    /// <summary>The influence below which a parameter is not named (a total index whose CI's lower end is under it).</summary>
    public const double Threshold = 0.05;

    public sealed record Row(string Output, string Parameter, double S1, double ST, double STLow, double STHigh);

    public static SobolIndicesFile Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new ExperimentException(folder, null, null, "--sensitivity", $"no {FileName}: not a sensitivity folder (run `orleansgov sensitivity` with method sobol)");
        }
        var lines = File.ReadAllLines(path);
        var header = lines.Length == 0 ? [] : lines[0].Split(',');
        string[] need = ["method", "output", "parameter", "S1", "ST", "ST_lo", "ST_hi"];
        var missing = need.Where(n => !header.Contains(n)).ToList();
        if (missing.Count > 0)
        {
            throw new ExperimentException(path, 1, 1, null, $"missing column(s) {string.Join(", ", missing)} (expected method,output,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi)");
        }
        int Col(string n) => Array.IndexOf(header, n);
        var rows = new List<Row>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var c = lines[i].Split(',');
            if (c.Length < header.Length || c[Col("method")] != "sobol") continue;
            rows.Add(new Row(c[Col("output")], c[Col("parameter")], Num(c[Col("S1")]), Num(c[Col("ST")]), Num(c[Col("ST_lo")]), Num(c[Col("ST_hi")])));
        }
        return new SobolIndicesFile(rows);
    }

    private static double Num(string cell) => cell.Length == 0 ? double.NaN : double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>
    /// The parameters that decide a claim: for each, its largest total index whose 95 % CI lies above
    /// <see cref="Threshold"/> over the claim's counting conditions (<paramref name="outputs"/>, the output names of the conditions that make its verdict; every
    /// output of the claim when null); the three largest, in words. A condition reported for information only decides nothing.
    /// </summary>
    public string Deciders(string claimId, IReadOnlyCollection<string>? outputs = null)
    {
        var rows = Rows.Where(r => r.Output.StartsWith(claimId + ":", StringComparison.Ordinal) && (outputs is null || outputs.Contains(r.Output))).ToList();
        if (rows.Count == 0)
        {
            return "not in the Sobol analysis";
        }
        // Significant rows first, then each parameter's largest: a parameter whose largest index is on a condition
        // where its CI is wide (C3's difference in differences) still decides through a condition where it is clear.
        var top = rows.Where(r => r.STLow > Threshold).GroupBy(r => r.Parameter).Select(g => g.MaxBy(r => r.ST)!)
            .OrderByDescending(r => r.ST).Take(3).ToList();
        if (top.Count > 0)
        {
            return string.Join("; ", top.Select(Describe));
        }
        // None clears the threshold: say which are largest and that their CIs are what is missing (at small N a
        // large index can have a CI reaching 0), or that nothing moves the claim; the Sobol sample shares one
        // set of seeds across points, so seed noise is not the reason.
        var largest = rows.Where(r => double.IsFinite(r.ST)).GroupBy(r => r.Parameter).Select(g => g.MaxBy(r => r.ST)!)
            .Where(r => r.ST > Threshold).OrderByDescending(r => r.ST).Take(3).ToList();
        return largest.Count == 0
            ? $"no parameter with a total index above {Threshold}"
            : $"none clearly (95 % CIs reach below {Threshold.ToString(CultureInfo.InvariantCulture)}); largest: " + string.Join("; ", largest.Select(Describe));

        string Describe(Row r) => string.Create(CultureInfo.InvariantCulture, $"{r.Parameter} (ST {r.ST:0.00} [{r.STLow:0.00}, {r.STHigh:0.00}], {r.Output[(claimId.Length + 1)..]})");
    }
}
