using ScottPlot;

namespace OrleansGov.Client.Calibration;

/// <summary>
/// The posterior's pictures (ScottPlot 5, PNG): the weighted marginal histogram of every parameter over
/// its prior range (the prior is the flat line), and the pairwise scatter of the accepted sets (the
/// diagonal repeats the marginals).
/// </summary>
public static class PosteriorPlots
{
    private const int Bins = 20;

    public static void Marginals(string path, IReadOnlyList<Prior> priors, Posterior posterior)
    {
        int columns = Math.Min(3, priors.Count);
        int rows = (priors.Count + columns - 1) / columns;
        var multiplot = new Multiplot();
        multiplot.AddPlots(priors.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        for (int d = 0; d < priors.Count; d++)
        {
            var plot = multiplot.GetPlot(d);
            Histogram(plot, priors[d], posterior, d, showPrior: true);
            plot.Title(priors[d].Path, size: 12);
            plot.XLabel("parameter value (axis: its prior range)", size: 11);
            plot.YLabel("posterior density", size: 11);
        }
        multiplot.SavePng(path, 420 * columns, 320 * rows);
    }

    public static void Pairs(string path, IReadOnlyList<Prior> priors, Posterior posterior)
    {
        int n = priors.Count;
        var multiplot = new Multiplot();
        multiplot.AddPlots(n * n);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(n, n);
        double maxWeight = posterior.Particles.Max(p => p.Weight);
        for (int row = 0; row < n; row++)
        {
            for (int col = 0; col < n; col++)
            {
                var plot = multiplot.GetPlot(row * n + col);
                if (row == col)
                {
                    Histogram(plot, priors[col], posterior, col, showPrior: false);
                }
                else
                {
                    foreach (var (theta, weight) in posterior.Particles)
                    {
                        var marker = plot.Add.Marker(theta[col], theta[row]);
                        marker.Size = (float)(3 + 7 * weight / maxWeight);
                        marker.Color = Colors.SteelBlue.WithAlpha(0.6);
                    }
                    plot.Axes.SetLimits(priors[col].Min, priors[col].Max, priors[row].Min, priors[row].Max);
                }
                plot.XLabel(row == n - 1 ? priors[col].Path : "", size: 10);
                plot.YLabel(col == 0 ? priors[row].Path : "", size: 10);
            }
        }
        multiplot.SavePng(path, Math.Max(600, 300 * n), Math.Max(600, 300 * n));
    }

    /// <summary>P(holds) per claim as bars with their Wilson 95 % intervals as whiskers, on a [0, 1] axis.</summary>
    public static void Probabilities(string path, IReadOnlyList<PosteriorClaimResult> results)
    {
        var plot = new Plot();
        var ticks = new List<Tick>();
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            plot.Add.Bar(new Bar { Position = i, Value = r.Probability, FillColor = Colors.SteelBlue.WithAlpha(0.8) });
            var whisker = plot.Add.Line(i, r.Low, i, r.High);
            whisker.Color = Colors.Black;
            whisker.LineWidth = 2;
            ticks.Add(new Tick(i, r.Claim.Id));
            // The probability written over each bar: a bar at 0 is otherwise invisible.
            var value = plot.Add.Text(r.Probability.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), i, Math.Max(r.Probability, r.High));
            value.LabelFontSize = 13;
            value.LabelAlignment = Alignment.LowerCenter;
            value.LabelOffsetY = -4;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.SetLimitsY(0, 1.12);
        plot.Title($"P(claim holds) over {results.FirstOrDefault()?.Draws ?? 0} posterior draws, with Wilson 95 % intervals");
        plot.YLabel("share of draws where the claim holds");
        plot.XLabel("claim (docs/CLAIMS.md); number over a bar: P(holds)");
        plot.SavePng(path, 900, 480);
    }

    private static void Histogram(Plot plot, Prior prior, Posterior posterior, int d, bool showPrior)
    {
        double width = (prior.Max - prior.Min) / Bins;
        double total = posterior.Particles.Sum(p => p.Weight);
        var density = new double[Bins];
        foreach (var (theta, weight) in posterior.Particles)
        {
            int bin = Math.Clamp((int)((theta[d] - prior.Min) / width), 0, Bins - 1);
            density[bin] += weight / total / width;
        }
        for (int b = 0; b < Bins; b++)
        {
            plot.Add.Bar(new Bar { Position = prior.Min + (b + 0.5) * width, Value = density[b], Size = width * 0.95, FillColor = Colors.SteelBlue.WithAlpha(0.8) });
        }
        if (showPrior)
        {
            var line = plot.Add.Line(prior.Min, 1 / (prior.Max - prior.Min), prior.Max, 1 / (prior.Max - prior.Min));
            line.Color = Colors.DarkOrange;
            line.LineWidth = 2;
            line.LegendText = "prior (uniform)";
        }
        plot.Axes.SetLimitsX(prior.Min, prior.Max);
        plot.Axes.Margins(bottom: 0);
    }
}
