using ScottPlot;

namespace OrleansGov.Client.Sensitivity;

/// <summary>
/// The sensitivity plots (ScottPlot 5, PNG and SVG): for Sobol, per output, horizontal bars of S1 and
/// ST with their 95% intervals, parameters sorted by ST; for Morris, per output, the μ*–σ chart with
/// the six largest μ* labelled (Campolongo et al. 2007: far right = influential, high = interacting).
/// </summary>
public static class SensitivityPlots
{
    private const int Width = 960;

    /// <summary>Writes one plot per output into <paramref name="directory"/>; returns (output, file name of the PNG).</summary>
    public static IReadOnlyList<(string Output, string File)> Write(string directory, SensitivityPlan plan, IReadOnlyList<IndexRow> rows)
    {
        Directory.CreateDirectory(directory);
        var files = new List<(string, string)>();
        foreach (var output in plan.Outputs)
        {
            string file = "sensitivity-" + Safe(output.Name);
            var mine = rows.Where(r => r.Output == output.Name).ToList();
            string title = output.Description.Length > 0 ? output.Description : output.Name;
            if (plan.Method == SensitivityPlan.Sobol)
            {
                SobolBars(Path.Combine(directory, file), title, mine);
            }
            else
            {
                MorrisChart(Path.Combine(directory, file), title, Unit(output), mine);
            }
            files.Add((output.Name, file + ".png"));
        }
        return files;
    }

    /// <summary>The output's unit: its metric's (ticks for a milestone), "difference in" it for a claim's contrast.</summary>
    private static string Unit(SensitivityOutput output)
    {
        string unit = output.Measure.Unit;
        return output.Weights.Count > 0 ? "difference in " + unit : unit;
    }

    private static string Safe(string name) => new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);

    private static void SobolBars(string path, string title, List<IndexRow> rows)
    {
        var sorted = rows.OrderBy(r => double.IsFinite(r.Sobol!.ST) ? r.Sobol.ST : double.MinValue).ToList();
        var plot = new Plot();
        var first = Colors.SteelBlue;
        var total = Colors.DarkOrange;
        var ticks = new List<Tick>();
        for (int i = 0; i < sorted.Count; i++)
        {
            var s = sorted[i].Sobol!;
            ticks.Add(new Tick(i, sorted[i].Parameter));
            Bar(plot, i + 0.18, s.ST, s.STLow, s.STHigh, total, i == 0 ? "ST (total)" : null);
            Bar(plot, i - 0.18, s.S1, s.S1Low, s.S1High, first, i == 0 ? "S1 (first order)" : null);
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Title(title);
        plot.XLabel("Sobol' index (share of variance); whiskers: 95% bootstrap CI");
        plot.ShowLegend(Alignment.LowerRight);
        Save(plot, path, 200 + 34 * sorted.Count);
    }

    private static void Bar(Plot plot, double y, double value, double low, double high, Color color, string? legend)
    {
        if (!double.IsFinite(value))
        {
            return;
        }
        var rect = plot.Add.Rectangle(Math.Min(0, value), Math.Max(0, value), y - 0.16, y + 0.16);
        rect.FillColor = color.WithAlpha(0.8);
        rect.LineWidth = 0;
        if (legend is not null)
        {
            rect.LegendText = legend;
        }
        if (double.IsFinite(low) && double.IsFinite(high))
        {
            var whisker = plot.Add.Line(low, y, high, y);
            whisker.Color = Colors.Black;
            whisker.LineWidth = 1.2f;
        }
    }

    private static void MorrisChart(string path, string title, string unit, List<IndexRow> rows)
    {
        const int height = 600;
        var plot = new Plot();
        var defined = rows.Where(r => double.IsFinite(r.Morris!.MuStar) && double.IsFinite(r.Morris.Sigma)).ToList();
        var palette = new ScottPlot.Palettes.Category10();
        // Labels for the six with the largest μ*: a screening over a hundred parameters would be unreadable otherwise
        // (the report's table lists them all).
        var labelled = defined.OrderByDescending(r => r.Morris!.MuStar).Take(6).ToList();
        double spanX = defined.Count == 0 ? 1 : Math.Max(1e-12, defined.Max(r => Math.Max(r.Morris!.MuStar, double.IsFinite(r.Morris.MuStarHigh) ? r.Morris.MuStarHigh : 0)));
        double spanY = defined.Count == 0 ? 1 : Math.Max(1e-12, defined.Max(r => r.Morris!.Sigma));
        foreach (var r in defined)
        {
            var m = r.Morris!;
            bool top = labelled.Contains(r);
            var marker = plot.Add.Marker(m.MuStar, m.Sigma);
            marker.Color = top ? palette.GetColor(0) : Colors.Gray.WithAlpha(0.6);
            marker.Size = top ? 9 : 6;
            if (double.IsFinite(m.MuStarLow))
            {
                var whisker = plot.Add.Line(m.MuStarLow, m.Sigma, m.MuStarHigh, m.Sigma);
                whisker.Color = marker.Color.WithAlpha(0.5);
                whisker.LineWidth = 1;
            }
        }
        // Fixed limits, so data units convert to pixels and labels can be placed where they overlap nothing.
        double left = -0.04 * spanX, right = 1.12 * spanX, bottom = -0.06 * spanY, top2 = 1.12 * spanY;
        plot.Axes.SetLimits(left, right, bottom, top2);
        var placer = new LabelPlacer((Width - 110) / (right - left), (height - 120) / (top2 - bottom));
        foreach (var r in labelled)
        {
            placer.Block(r.Morris!.MuStar, r.Morris.Sigma);
        }
        foreach (var r in labelled)
        {
            var m = r.Morris!;
            var (x, y, moved) = placer.Place(m.MuStar, m.Sigma, r.Parameter.Length);
            if (moved)
            {
                var leader = plot.Add.Line(m.MuStar, m.Sigma, x, y);
                leader.Color = Colors.Gray;
                leader.LineWidth = 1;
            }
            var label = plot.Add.Text(r.Parameter, x, y);
            label.LabelFontSize = 12;
            label.LabelOffsetX = 6;
            label.LabelAlignment = Alignment.MiddleLeft;
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
        }
        if (defined.Count > 0)
        {
            double max = Math.Max(defined.Max(r => r.Morris!.MuStar), defined.Max(r => r.Morris!.Sigma));
            if (max > 0)
            {
                var diagonal = plot.Add.Line(0, 0, max, max);
                diagonal.Color = Colors.Gray;
                diagonal.LinePattern = LinePattern.Dashed;
                diagonal.LegendText = "σ = μ*";
            }
        }
        // The unit can be long ("difference in share of legacy systems migrated, 0–1"): it gets the title's second line.
        plot.Title($"{title}\neffects in {unit}, per full range of the parameter", size: 14);
        plot.XLabel("μ* (mean |elementary effect|); whiskers: 95% bootstrap CI", size: 14);
        plot.YLabel("σ (SD of elementary effects)", size: 14);
        plot.ShowLegend(Alignment.UpperLeft);
        Save(plot, path, height);
    }

    /// <summary>
    /// Places point labels (text to the right of the point) so their boxes do not overlap: each label tries its
    /// point's height, then steps of one line below and above; a label moved off its point gets a leader line.
    /// </summary>
    private sealed class LabelPlacer(double pixelsPerX, double pixelsPerY)
    {
        private const double LineHeight = 17, CharWidth = 7.2, Gap = 6;
        private readonly List<(double Left, double Right, double Top, double Bottom)> _boxes = [];

        /// <summary>Keeps labels off a marker.</summary>
        public void Block(double x, double y) => _boxes.Add((x * pixelsPerX - 5, x * pixelsPerX + 5, -y * pixelsPerY - 5, -y * pixelsPerY + 5));

        public (double X, double Y, bool Moved) Place(double x, double y, int characters)
        {
            double px = x * pixelsPerX + Gap, py = -y * pixelsPerY;   // pixels, y downwards
            double width = CharWidth * characters;
            for (int step = 0; step < 40; step++)
            {
                double dy = (step + 1) / 2 * LineHeight * (step % 2 == 1 ? 1 : -1);
                var box = (Left: px, Right: px + width, Top: py + dy - LineHeight / 2, Bottom: py + dy + LineHeight / 2);
                if (!_boxes.Any(b => b.Left < box.Right && box.Left < b.Right && b.Top < box.Bottom && box.Top < b.Bottom))
                {
                    _boxes.Add(box);
                    return (x, y - dy / pixelsPerY, step > 0);
                }
            }
            return (x, y, false);
        }
    }

    private static void Save(Plot plot, string path, int height)
    {
        plot.SavePng(path + ".png", Width, height);
        plot.SaveSvg(path + ".svg", Width, height);
    }
}
