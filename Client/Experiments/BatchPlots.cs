using ScottPlot;

namespace OrleansGov.Client.Experiments;

/// <summary>One arm's series for a time plot: per tick the mean and the 95% CI (NaN where undefined).</summary>
public sealed record ArmSeries(string Arm, double[] Mean, double[] Low, double[] High);

/// <summary>The report's plots (ScottPlot 5), each saved as PNG and SVG with a title, axis labels with units and a legend.</summary>
public static class BatchPlots
{
    private const int Width = 960, Height = 560;
    private const int MaxLegendArms = 16;

    /// <summary>A metric over time: per arm the mean over replicates as a line and its 95% CI as a band.</summary>
    public static void OverTime(string pathWithoutExtension, string title, string xLabel, string yLabel, IReadOnlyList<ArmSeries> arms)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int a = 0; a < arms.Count; a++)
        {
            var arm = arms[a];
            var color = palette.GetColor(a);
            var (xs, mean, low, high) = Defined(arm);
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
            line.LineWidth = 2;
            line.LegendText = arm.Arm;
        }
        Finish(plot, pathWithoutExtension, title, xLabel, yLabel, arms.Count);
    }

    /// <summary>Final values per arm: the mean with its 95% CI as an error bar.</summary>
    public static void PerArm(string pathWithoutExtension, string title, string yLabel, IReadOnlyList<(string Arm, SampleSummary Summary)> arms)
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
                var error = plot.Add.ErrorBar([(double)a], [s.Mean], [s.Mean - s.CiLow]);
                error.Color = Colors.Black;
            }
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Margins(bottom: 0);
        Finish(plot, pathWithoutExtension, title, "arm (error bars: 95% CI of the mean)", yLabel, arms.Count);
    }

    private static (double[] X, double[] Mean, double[] Low, double[] High) Defined(ArmSeries arm)
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
            lo.Add(double.IsFinite(arm.Low[t]) ? arm.Low[t] : arm.Mean[t]);
            hi.Add(double.IsFinite(arm.High[t]) ? arm.High[t] : arm.Mean[t]);
        }
        return ([.. x], [.. m], [.. lo], [.. hi]);
    }

    private static void Finish(Plot plot, string path, string title, string xLabel, string yLabel, int series)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (series <= MaxLegendArms)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }
        plot.SavePng(path + ".png", Width, Height);
        plot.SaveSvg(path + ".svg", Width, Height);
    }
}
