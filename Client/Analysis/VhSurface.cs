using System.Globalization;
using System.Text;

namespace OrleansGov.Client.Analysis;

/// <summary>
/// The V × H surface of a batch whose factors are <c>dials.vertical</c> and <c>dials.horizontal</c>
/// (scenarios/experiments/vh-surface.yaml; docs/MODEL.md §13; scripts/vh-surface.cs): per measure the
/// grid of cell means, the best cell, and whether the best lies inside the grid (an interior optimum)
/// or on its edge — the question of issue 10 whether a mode between the corners does best.
/// </summary>
public static class VhSurface
{
    /// <summary>One cell: the dials, its completed runs, the mean and the sample SD over them.</summary>
    public sealed record Cell(double V, double H, int N, double Mean, double Sd)
    {
        /// <summary>Half-width of a normal 95% interval of the mean.</summary>
        public double Ci95 => N > 1 ? 1.96 * Sd / Math.Sqrt(N) : double.NaN;
    }

    /// <summary>A measure over the grid: rows are values of V, columns values of H.</summary>
    public sealed record Surface(string Measure, bool HigherIsBetter, double[] Vs, double[] Hs, Cell[,] Cells)
    {
        /// <summary>The best cell and its indices.</summary>
        public (Cell Cell, int V, int H) Best()
        {
            (Cell Cell, int V, int H) best = (Cells[0, 0], 0, 0);
            for (int v = 0; v < Vs.Length; v++)
                for (int h = 0; h < Hs.Length; h++)
                    if (Better(Cells[v, h].Mean, best.Cell.Mean)) best = (Cells[v, h], v, h);
            return best;
        }

        /// <summary>
        /// The best cell is interior in V (in H) when it is not in the first or last row (column) and
        /// beats the better of that column's (row's) two edge cells by more than both their 95% half-widths.
        /// </summary>
        public (bool InV, double MarginV, bool InH, double MarginH) Interior()
        {
            var (best, v, h) = Best();
            double edgeV = BetterOf(Cells[0, h], Cells[Vs.Length - 1, h]);
            double edgeH = BetterOf(Cells[v, 0], Cells[v, Hs.Length - 1]);
            double marginV = Sign * (best.Mean - edgeV), marginH = Sign * (best.Mean - edgeH);
            bool inV = v > 0 && v < Vs.Length - 1 && marginV > Noise(best, Cells[0, h], Cells[Vs.Length - 1, h]);
            bool inH = h > 0 && h < Hs.Length - 1 && marginH > Noise(best, Cells[v, 0], Cells[v, Hs.Length - 1]);
            return (inV, marginV, inH, marginH);
        }

        /// <summary>Mean change from the lowest to the highest V (over H), and from the lowest to the highest H (over V).</summary>
        public (double AlongV, double AlongH) Slopes()
        {
            double alongV = 0, alongH = 0;
            for (int h = 0; h < Hs.Length; h++) alongV += Cells[Vs.Length - 1, h].Mean - Cells[0, h].Mean;
            for (int v = 0; v < Vs.Length; v++) alongH += Cells[v, Hs.Length - 1].Mean - Cells[v, 0].Mean;
            return (alongV / Hs.Length, alongH / Vs.Length);
        }

        private double Sign => HigherIsBetter ? 1 : -1;
        private bool Better(double a, double b) => HigherIsBetter ? a > b : a < b;
        private double BetterOf(Cell a, Cell b) => Better(a.Mean, b.Mean) ? a.Mean : b.Mean;
        private static double Noise(params Cell[] cells) => cells.Max(c => double.IsNaN(c.Ci95) ? 0 : c.Ci95) * 2;
    }

    /// <summary>The measures read by default: (runs.csv column suffix, higher is better).</summary>
    public static readonly (string Measure, bool HigherIsBetter)[] DefaultMeasures =
    [
        ("final_cloud_adoption", true), ("mean_cloud_adoption", true), ("final_service_quality", true),
        ("final_citizen_satisfaction", true), ("final_fragmentation", false), ("mean_imbalance_sd", false),
        ("mean_paper_gap", false), ("final_initiative", true), ("final_willingness", true),
        ("final_share_province_rate", true), ("final_complaints", false),
    ];

    /// <summary>
    /// Reads a batch's runs.csv (completed runs only) and builds the surface of each measure for
    /// <paramref name="scope"/>. <c>mean_paper_gap</c> is derived: mean reported minus mean real adoption.
    /// </summary>
    public static IReadOnlyList<Surface> Read(string runsCsv, string scope = "nation", IReadOnlyList<(string Measure, bool HigherIsBetter)>? measures = null)
    {
        var lines = File.ReadAllLines(runsCsv);
        if (lines.Length < 2) throw new InvalidDataException($"{runsCsv}: no runs");
        var header = Split(lines[0]);
        int Column(string name)
        {
            int i = Array.IndexOf(header, name);
            return i >= 0 ? i : throw new InvalidDataException($"{runsCsv}, line 1: no column '{name}' (a batch with factors dials.vertical and dials.horizontal keeping this metric?)");
        }
        int vCol = Column("dials.vertical"), hCol = Column("dials.horizontal"), statusCol = Column("status");
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(Split).Where(r => r[statusCol] == "completed").ToList();
        var inv = CultureInfo.InvariantCulture;
        double Cell(string[] r, int c) => r[c].Length == 0 ? double.NaN : double.Parse(r[c], NumberStyles.Float, inv);
        double[] vs = [.. rows.Select(r => double.Parse(r[vCol], inv)).Distinct().Order()];
        double[] hs = [.. rows.Select(r => double.Parse(r[hCol], inv)).Distinct().Order()];
        string prefix = scope.Replace('-', '_') + "_";
        var surfaces = new List<Surface>();
        foreach (var (measure, higher) in measures ?? DefaultMeasures)
        {
            Func<string[], double> value = measure == "mean_paper_gap"
                ? (r => Cell(r, Column(prefix + "mean_reported_adoption")) - Cell(r, Column(prefix + "mean_cloud_adoption")))
                : (r => Cell(r, Column(prefix + measure)));
            var cells = new Cell[vs.Length, hs.Length];
            for (int v = 0; v < vs.Length; v++)
                for (int h = 0; h < hs.Length; h++)
                {
                    var values = rows.Where(r => double.Parse(r[vCol], inv) == vs[v] && double.Parse(r[hCol], inv) == hs[h])
                        .Select(value).Where(x => !double.IsNaN(x)).ToArray();
                    double mean = values.Length > 0 ? values.Average() : double.NaN;
                    double sd = values.Length > 1 ? Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Length - 1)) : double.NaN;
                    cells[v, h] = new Cell(vs[v], hs[h], values.Length, mean, sd);
                }
            surfaces.Add(new Surface(measure, higher, vs, hs, cells));
        }
        return surfaces;
    }

    /// <summary>A summary table (best cell, interior or edge, slopes) and one grid per measure.</summary>
    public static string Markdown(IReadOnlyList<Surface> surfaces)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("| measure | better | best cell (V, H): mean | interior optimum? (margin over the edges of its row/column) | change low → high V | change low → high H |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var s in surfaces)
        {
            var (best, _, _) = s.Best();
            var (inV, marginV, inH, marginH) = s.Interior();
            var (alongV, alongH) = s.Slopes();
            string interior = (inV, inH) switch
            {
                (true, true) => "**yes, in V and H**",
                (true, false) => "**yes, in V**",
                (false, true) => "**yes, in H**",
                _ => "no (edge)",
            };
            sb.AppendLine(string.Create(inv, $"| {s.Measure} | {(s.HigherIsBetter ? "higher" : "lower")} | ({best.V:0.##}, {best.H:0.##}): {best.Mean:F3} | {interior} (V {marginV:+0.000;-0.000}, H {marginH:+0.000;-0.000}) | {alongV:+0.000;-0.000} | {alongH:+0.000;-0.000} |"));
        }
        foreach (var s in surfaces)
        {
            sb.AppendLine().AppendLine(string.Create(inv, $"**{s.Measure}** (rows V, columns H; mean over {s.Cells[0, 0].N} runs; ± is the largest 95% half-width {s.Cells.Cast<Cell>().Max(c => c.Ci95):F3})")).AppendLine();
            sb.Append("| V \\ H |").AppendJoin("", s.Hs.Select(h => string.Create(inv, $" {h:0.##} |"))).AppendLine();
            sb.Append("|---|").AppendJoin("", s.Hs.Select(_ => "---|")).AppendLine();
            var (_, bv, bh) = s.Best();
            for (int v = 0; v < s.Vs.Length; v++)
            {
                sb.Append(string.Create(inv, $"| {s.Vs[v]:0.##} |"));
                for (int h = 0; h < s.Hs.Length; h++)
                    sb.Append(v == bv && h == bh ? string.Create(inv, $" **{s.Cells[v, h].Mean:F3}** |") : string.Create(inv, $" {s.Cells[v, h].Mean:F3} |"));
                sb.AppendLine();
            }
        }
        return sb.ToString();
    }

    /// <summary>Splits a CSV line (RFC 4180 quotes).</summary>
    private static string[] Split(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return [.. cells];
    }
}
