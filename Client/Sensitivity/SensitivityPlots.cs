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
            if (plan.Method == SensitivityPlan.Sobol)
            {
                SobolBars(Path.Combine(directory, file), output.Name, mine);
            }
            else
            {
                MorrisChart(Path.Combine(directory, file), output.Name, mine);
            }
            files.Add((output.Name, file + ".png"));
        }
        return files;
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

    private static void MorrisChart(string path, string title, List<IndexRow> rows)
    {
        var plot = new Plot();
        var defined = rows.Where(r => double.IsFinite(r.Morris!.MuStar) && double.IsFinite(r.Morris.Sigma)).ToList();
        var palette = new ScottPlot.Palettes.Category10();
        // Labels for the six with the largest μ*: a screening over a hundred parameters would be unreadable otherwise
        // (the report's table lists them all).
        var labelled = defined.OrderByDescending(r => r.Morris!.MuStar).Take(6).Select(r => r.Parameter).ToHashSet();
        double spanX = defined.Count == 0 ? 1 : Math.Max(1e-12, defined.Max(r => r.Morris!.MuStar));
        double spanY = defined.Count == 0 ? 1 : Math.Max(1e-12, defined.Max(r => r.Morris!.Sigma));
        var placed = new List<(double X, double Y)>();
        foreach (var r in defined)
        {
            var m = r.Morris!;
            bool top = labelled.Contains(r.Parameter);
            var marker = plot.Add.Marker(m.MuStar, m.Sigma);
            marker.Color = top ? palette.GetColor(0) : Colors.Gray.WithAlpha(0.6);
            marker.Size = top ? 9 : 6;
            if (double.IsFinite(m.MuStarLow))
            {
                var whisker = plot.Add.Line(m.MuStarLow, m.Sigma, m.MuStarHigh, m.Sigma);
                whisker.Color = marker.Color.WithAlpha(0.5);
                whisker.LineWidth = 1;
            }
            if (top)
            {
                var label = plot.Add.Text(r.Parameter, m.MuStar, m.Sigma);
                label.LabelFontSize = 11;
                label.LabelOffsetX = 6;
                // Labels of points close together are stacked downwards instead of drawn over each other.
                int near = placed.Count(p => Math.Abs(p.X - m.MuStar) < 0.3 * spanX && Math.Abs(p.Y - m.Sigma) < 0.04 * spanY);
                label.LabelOffsetY = 14 * near;
                placed.Add((m.MuStar, m.Sigma));
            }
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
        plot.Title(title);
        plot.XLabel("μ* (mean |elementary effect|); whiskers: 95% bootstrap CI");
        plot.YLabel("σ (SD of elementary effects)");
        plot.ShowLegend(Alignment.UpperLeft);
        Save(plot, path, 600);
    }

    private static void Save(Plot plot, string path, int height)
    {
        plot.SavePng(path + ".png", Width, height);
        plot.SaveSvg(path + ".svg", Width, height);
    }
}
