using ScottPlot;

namespace OrleansGov.Client.Experiments;

/// <summary>One arm's series for a time plot: per tick the mean and the 95% CI (NaN where undefined).</summary>
public sealed record ArmSeries(string Arm, double[] Mean, double[] Low, double[] High);

/// <summary>Which plots a report writes: a few a reader wants (default) or every metric × scope × kind.</summary>
public enum PlotSet
{
    /// <summary>The key metrics for the nation over time, and one overview figure of every kept metric.</summary>
    Default,

    /// <summary>Every kept metric for every kept scope, over time and at the last tick, plus the overview.</summary>
    All,
}

/// <summary>
/// The report's plots (ScottPlot 5), each saved as PNG and SVG with a title, axis labels with units and a
/// legend. Ticks on the x axis are whole ticks; a metric in [0, 1] gets a [0, 1] axis and CI bands
/// clipped to it (a mean's t-interval can reach past a bound the metric cannot).
/// </summary>
public static class BatchPlots
{
    private const int Width = 960, Height = 560;
    private const int MaxLegendArms = 16;

    /// <summary>A metric over time: per arm the mean over replicates as a line and its 95% CI as a band.</summary>
    public static void OverTime(string pathWithoutExtension, string title, string xLabel, string yLabel, IReadOnlyList<ArmSeries> arms, bool unitInterval)
    {
        var plot = new Plot();
        DrawOverTime(plot, arms, unitInterval, lineWidth: 2);
        plot.Title(title);
        Finish(plot, pathWithoutExtension, xLabel, yLabel, arms.Count, unitInterval);
    }

    /// <summary>
    /// Small multiples: one panel per metric (its label as the panel's title, its unit on the y axis),
    /// arms in colour with their CI bands, a legend in the first panel. PNG only.
    /// </summary>
    /// <remarks>The figure has no title of its own (a Multiplot has no room above its panels); the report says what it shows.</remarks>
    public static void Overview(string pathWithoutExtension, string xLabel,
        IReadOnlyList<(string Metric, IReadOnlyList<ArmSeries> Arms)> panels)
    {
        int columns = panels.Count <= 4 ? Math.Max(1, panels.Count) : panels.Count <= 9 ? 3 : 4;
        int rows = (panels.Count + columns - 1) / columns;
        var multiplot = new Multiplot();
        multiplot.AddPlots(panels.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        for (int i = 0; i < panels.Count; i++)
        {
            var (metric, arms) = panels[i];
            var plot = multiplot.GetPlot(i);
            bool unit = MetricInfo.InUnitInterval(metric);
            DrawOverTime(plot, arms, unit, lineWidth: 1.5f);
            plot.Title(MetricInfo.Label(metric), size: 13);
            plot.XLabel(xLabel, size: 11);
            plot.YLabel(Short(MetricInfo.Unit(metric)), size: 11);
            Axes(plot, unit);
            if (i == 0 && arms.Count <= MaxLegendArms)
            {
                plot.ShowLegend(Alignment.UpperLeft);
            }
            else
            {
                plot.HideLegend();
            }
        }
        int width = 380 * columns, height = 300 * rows + 30;
        multiplot.SavePng(pathWithoutExtension + ".png", width, height); // ScottPlot 5.1's Multiplot saves no SVG
    }

    /// <summary>Final values per arm: the mean with its 95% CI as an error bar.</summary>
    public static void PerArm(string pathWithoutExtension, string title, string yLabel, IReadOnlyList<(string Arm, SampleSummary Summary)> arms,
        bool unitInterval = false)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var ticks = new List<Tick>();
        for (int a = 0; a < arms.Count; a++)
        {
            var (arm, s) = arms[a];
            ticks.Add(new Tick(a, arm));
            if (double.IsNaN(s.Mean))
            {
                continue;
            }
            var bar = plot.Add.Bar(position: a, value: s.Mean);
            bar.Color = palette.GetColor(a).WithAlpha(0.7);
            bar.LegendText = $"{arm} (n = {s.N})";
            if (double.IsFinite(s.CiLow))
            {
                double low = unitInterval ? Math.Max(0, s.CiLow) : s.CiLow, high = unitInterval ? Math.Min(1, s.CiHigh) : s.CiHigh;
                // The whisker drawn from the (clipped) bounds, with caps.
                foreach (var (x1, y1, x2, y2) in new[] { (a, low, a, high), (a - 0.08, low, a + 0.08, low), (a - 0.08, high, a + 0.08, high) })
                {
                    var whisker = plot.Add.Line(x1, y1, x2, y2);
                    whisker.Color = Colors.Black;
                    whisker.LineWidth = 1.5f;
                }
            }
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Margins(bottom: 0);
        if (unitInterval)
        {
            plot.Axes.SetLimitsY(0, 1.05);
        }
        plot.Title(title);
        plot.XLabel("arm (error bars: 95% CI of the mean)");
        plot.YLabel(yLabel);
        if (arms.Count <= MaxLegendArms)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }
        Save(plot, pathWithoutExtension);
    }

    private static void DrawOverTime(Plot plot, IReadOnlyList<ArmSeries> arms, bool unitInterval, float lineWidth)
    {
        var palette = new ScottPlot.Palettes.Category10();
        for (int a = 0; a < arms.Count; a++)
        {
            var arm = arms[a];
            var color = palette.GetColor(a);
            var (xs, mean, low, high) = Defined(arm, unitInterval);
            if (xs.Length == 0)
            {
                continue;
            }
            if (low.Length > 1)
            {
                var band = plot.Add.FillY(xs, low, high);
                band.FillColor = color.WithAlpha(0.2);
                band.LineWidth = 0;
            }
            var line = plot.Add.ScatterLine(xs, mean, color);
            line.LineWidth = lineWidth;
            line.LegendText = arm.Arm;
        }
    }

    private static (double[] X, double[] Mean, double[] Low, double[] High) Defined(ArmSeries arm, bool unitInterval)
    {
        var x = new List<double>();
        var m = new List<double>();
        var lo = new List<double>();
        var hi = new List<double>();
        for (int t = 0; t < arm.Mean.Length; t++)
        {
            if (double.IsNaN(arm.Mean[t]))
            {
                continue;
            }
            x.Add(t);
            m.Add(arm.Mean[t]);
            // A tick where all replicates agree (or n = 1) has no spread: the band collapses onto the mean.
            double low = double.IsFinite(arm.Low[t]) ? arm.Low[t] : arm.Mean[t];
            double high = double.IsFinite(arm.High[t]) ? arm.High[t] : arm.Mean[t];
            lo.Add(unitInterval ? Math.Clamp(low, 0, 1) : low);
            hi.Add(unitInterval ? Math.Clamp(high, 0, 1) : high);
        }
        return ([.. x], [.. m], [.. lo], [.. hi]);
    }

    /// <summary>Whole ticks only on the x axis; [0, 1] for a metric that lives there.</summary>
    private static void Axes(Plot plot, bool unitInterval)
    {
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        if (unitInterval)
        {
            plot.Axes.SetLimitsY(-0.02, 1.02);
        }
    }

    /// <summary>A unit short enough for a panel's y axis ("0–1", "count", "per tick").</summary>
    private static string Short(string unit) =>
        unit.EndsWith("0–1", StringComparison.Ordinal) ? "0–1" : unit.Replace("cumulative ", "", StringComparison.Ordinal).Replace("messages ", "", StringComparison.Ordinal);

    private static void Finish(Plot plot, string path, string xLabel, string yLabel, int series, bool unitInterval)
    {
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        Axes(plot, unitInterval);
        if (series <= MaxLegendArms)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }
        Save(plot, path);
    }

    private static void Save(Plot plot, string path)
    {
        plot.SavePng(path + ".png", Width, Height);
        plot.SaveSvg(path + ".svg", Width, Height);
    }
}
