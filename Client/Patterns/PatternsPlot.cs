using System.Globalization;
using ScottPlot;

namespace OrleansGov.Client.Patterns;

/// <summary>
/// The patterns plot (ScottPlot 5, PNG): one panel per pattern under a title. Each panel shows every
/// replicate's simulated value (open circles), their mean with a min–max whisker, and what was observed:
/// for a value pattern the observed value or interval and, lighter, the band where the pattern holds
/// (observed ± tolerance); for an order the measures left to right in the expected order, each labelled
/// with its expected and simulated place, and a dashed ceiling the mean may not pass (the mean expected
/// above it + tolerance). Holds or not is written in each panel's title, not told by colour alone; the
/// source is named under each panel (the full quote is in report.md).
/// </summary>
public static class PatternsPlot
{
    public const string FileName = "patterns.png";

    private const int PanelWidth = 760, PanelHeight = 430, HeaderHeight = 56, FooterHeight = 34;

    private const string Footnote = "A pattern holds when its discrepancy is at most 1: the distance of the replicates' mean from the observed value, or an order's largest inversion, "
        + "in units of the tolerance (docs/CALIBRATION.md). Sources quoted in full in report.md.";
    private const int SourceLineLength = 88;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly Color Simulated = Colors.SteelBlue;
    private static readonly Color ObservedColor = new(0x1B, 0x7A, 0x3D);

    public static void Write(string path, PatternsFigure figure)
    {
        int columns = figure.Panels.Count == 1 ? 1 : 2;
        int rows = (figure.Panels.Count + columns - 1) / columns;
        var multiplot = new Multiplot();
        var header = multiplot.GetPlot(0);
        Banner(header, figure.Title, 17, bold: true);
        for (int i = 0; i < figure.Panels.Count; i++)
        {
            var plot = new Plot();
            multiplot.AddPlot(plot);
            Panel(plot, figure.Panels[i], figure.Run);
        }
        var footer = new Plot();
        multiplot.AddPlot(footer);
        Banner(footer, Footnote, 12, bold: false);
        multiplot.Layout = new HeaderGrid(HeaderHeight, FooterHeight, columns);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Saved beside and moved into place, so an interrupted write never leaves a truncated plot under the real name.
        string partial = Path.ChangeExtension(full, ".partial.png");
        multiplot.SavePng(partial, PanelWidth * columns, HeaderHeight + PanelHeight * rows + FooterHeight);
        File.Move(partial, full, overwrite: true);
    }

    /// <summary>A frameless plot holding only a line of text: the figure's title, or its footnote.</summary>
    private static void Banner(Plot plot, string line, float size, bool bold)
    {
        plot.HideAxesAndGrid();
        plot.Layout.Frameless();
        var text = plot.Add.Text(line, 0, 0);
        text.LabelFontSize = size;
        text.LabelBold = bold;
        text.LabelAlignment = Alignment.MiddleCenter;
        plot.Axes.SetLimits(-1, 1, -1, 1);
    }

    private static void Panel(Plot plot, FigurePanel panel, string run)
    {
        var (bottom, top) = Limits(panel);
        if (panel.IsOrder)
        {
            Ceilings(plot, panel);
        }
        else
        {
            ObservedBands(plot, panel, bottom, top);
        }
        var ticks = new List<Tick>();
        for (int i = 0; i < panel.Measures.Count; i++)
        {
            Replicates(plot, i, panel.Measures[i], run, legend: i == 0);
            ticks.Add(new Tick(i, TickLabel(panel, panel.Measures[i])));
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.SetLimits(-0.6, panel.Measures.Count - 0.4, bottom, top);
        string verdict = panel.Holds ? "HOLDS" : "DOES NOT HOLD";
        string discrepancy = double.IsNaN(panel.Discrepancy) ? "undefined" : $"{Short(panel.Discrepancy)} {(panel.Holds ? "≤" : ">")} 1";
        plot.Title($"{panel.Id}: {verdict}\n{Subtitle(panel)}; discrepancy {discrepancy}", size: 13);
        plot.YLabel(panel.YLabel, size: 13);
        plot.XLabel(Wrap("Source: " + panel.Source), size: 11);
        plot.Axes.Bottom.Label.Bold = false;
        plot.ShowLegend(Alignment.LowerLeft);
        plot.Legend.FontSize = 11;
    }

    private static string Subtitle(FigurePanel panel) => panel.IsOrder
        ? $"expected {panel.ExpectedOrder}, simulated {panel.SimulatedOrder}"
        : $"observed {panel.Observed}, simulated mean {Short(panel.Measures[0].Mean)}";

    private static string TickLabel(FigurePanel panel, FigureMeasure m) => panel.IsOrder
        ? $"{m.Label}\nexpected {Ordinal(m.ExpectedRank)}, simulated {Ordinal(m.SimulatedRank)}"
        : m.Label;

    /// <summary>The observed value or interval (dark) and the band where the pattern holds (light), across the panel.</summary>
    private static void ObservedBands(Plot plot, FigurePanel panel, double bottom, double top)
    {
        double low = double.IsNegativeInfinity(panel.Low) ? bottom : panel.Low;
        double high = double.IsPositiveInfinity(panel.High) ? top : panel.High;
        var band = plot.Add.VerticalSpan(Math.Max(bottom, low - panel.Tolerance), Math.Min(top, high + panel.Tolerance));
        band.FillStyle.Color = ObservedColor.WithAlpha(0.12);
        band.LineStyle.Width = 0;
        band.LegendText = $"holds if the mean is here: observed ± tolerance {Short(panel.Tolerance)}";
        if (low == high)
        {
            var line = plot.Add.HorizontalLine(low);
            line.Color = ObservedColor;
            line.LineWidth = 2.5f;
            line.LinePattern = LinePattern.Solid;
            line.LegendText = "observed " + panel.Observed;
        }
        else
        {
            var observed = plot.Add.VerticalSpan(low, high);
            observed.FillStyle.Color = ObservedColor.WithAlpha(0.35);
            observed.LineStyle.Width = 0;
            observed.LegendText = "observed " + panel.Observed;
        }
    }

    /// <summary>For an order: over each measure but the first, the ceiling its mean may not pass.</summary>
    private static void Ceilings(Plot plot, FigurePanel panel)
    {
        for (int i = 1; i < panel.Measures.Count; i++)
        {
            double c = panel.Ceiling(i);
            if (!double.IsFinite(c))
            {
                continue;
            }
            var line = plot.Add.Line(i - 0.4, c, i + 0.4, c);
            line.Color = ObservedColor;
            line.LineWidth = 2.5f;
            line.LinePattern = LinePattern.Dashed;
            if (i == 1)
            {
                line.LegendText = $"ceiling: mean of the one to its left + tolerance {Short(panel.Tolerance)}";
            }
        }
    }

    /// <summary>Replicates as open circles spread across the category's left half; the mean and its min–max whisker to the right.</summary>
    private static void Replicates(Plot plot, int x, FigureMeasure m, string run, bool legend)
    {
        for (int r = 0; r < m.Values.Length; r++)
        {
            double offset = m.Values.Length == 1 ? -0.12 : -0.24 + 0.24 * r / (m.Values.Length - 1);
            var point = plot.Add.Marker(x + offset, m.Values[r]);
            point.Shape = MarkerShape.OpenCircle;
            point.Size = 9;
            point.LineWidth = 1.5f;
            point.Color = Simulated;
            if (legend && r == 0)
            {
                point.LegendText = $"simulated, one per {run} (n = {m.Values.Length})";
            }
        }
        if (double.IsNaN(m.Mean))
        {
            return;
        }
        var whisker = plot.Add.Line(x + 0.18, m.Min, x + 0.18, m.Max);
        whisker.Color = Colors.Black;
        whisker.LineWidth = 1.5f;
        var mean = plot.Add.Marker(x + 0.18, m.Mean);
        mean.Shape = MarkerShape.FilledDiamond;
        mean.Size = 13;
        mean.Color = Colors.Black;
        if (legend)
        {
            mean.LegendText = $"mean of the {run}s (whisker: min–max)";
        }
    }

    /// <summary>The y range: every value, mean and finite observed bound with a margin; inside [0, 1] for a metric that lives there.</summary>
    private static (double Bottom, double Top) Limits(FigurePanel panel)
    {
        var ys = panel.Measures.SelectMany(m => m.Values.Append(m.Mean)).ToList();
        if (panel.IsOrder)
        {
            ys.AddRange(Enumerable.Range(1, panel.Measures.Count - 1).Select(panel.Ceiling));
        }
        else
        {
            ys.AddRange([panel.Low, panel.High, panel.Low - panel.Tolerance, panel.High + panel.Tolerance]);
        }
        ys = [.. ys.Where(double.IsFinite)];
        double lo = ys.Count == 0 ? 0 : ys.Min(), hi = ys.Count == 0 ? 1 : ys.Max();
        double pad = Math.Max(0.1 * (hi - lo), 0.02 * Math.Max(1, Math.Abs(hi)));
        // Room under the data for the legend in the lower left.
        lo -= pad + 0.5 * Math.Max(hi - lo, pad);
        hi += pad;
        return panel.UnitInterval ? (Math.Max(lo, -0.02), Math.Min(hi, 1.05)) : (lo, hi);
    }

    private static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    private static string Short(double v) => double.IsNaN(v) ? "–" : v.ToString("0.###", Inv);

    /// <summary>Breaks a long source citation into lines; beyond three lines it ends with "…".</summary>
    internal static string Wrap(string text)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > SourceLineLength)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            line.Append(line.Length > 0 ? " " : "").Append(word);
        }
        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }
        return lines.Count <= 3 ? string.Join('\n', lines) : string.Join('\n', lines.Take(3)) + " …";
    }

    /// <summary>A fixed-height header across the top, the panels in a grid of <paramref name="columns"/>, a fixed-height footer at the bottom.</summary>
    private sealed class HeaderGrid(int headerHeight, int footerHeight, int columns) : IMultiplotLayout
    {
        public PixelRect[] GetSubplotRectangles(SubplotCollection subplots, PixelRect figureRect)
        {
            int panels = subplots.Count - 2;
            int rows = Math.Max(1, (panels + columns - 1) / columns);
            float width = figureRect.Width / columns, height = (figureRect.Height - headerHeight - footerHeight) / rows;
            var rects = new PixelRect[subplots.Count];
            rects[0] = new PixelRect(figureRect.Left, figureRect.Right, figureRect.Top + headerHeight, figureRect.Top);
            for (int i = 0; i < panels; i++)
            {
                float left = figureRect.Left + width * (i % columns), top = figureRect.Top + headerHeight + height * (i / columns);
                rects[i + 1] = new PixelRect(left, left + width, top + height, top);
            }
            rects[^1] = new PixelRect(figureRect.Left, figureRect.Right, figureRect.Bottom, figureRect.Bottom - footerHeight);
            return rects;
        }
    }
}
