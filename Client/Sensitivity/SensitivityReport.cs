using System.Globalization;
using System.Text;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;

namespace OrleansGov.Client.Sensitivity;

/// <summary>
/// Writes a sensitivity folder's results from the plan and the run folders alone, so
/// <c>orleansgov sensitivity</c> and <c>orleansgov report</c> give identical files:
/// <c>indices.csv</c> (one row per output × parameter), <c>outputs.csv</c> (the outputs at every sample
/// point), <c>report.md</c> and <c>plots/</c>. Each file is written whole to a temporary name and moved.
/// </summary>
public static class SensitivityReport
{
    public const string IndicesCsv = "indices.csv", OutputsCsv = "outputs.csv", ReportMd = "report.md";

    public static readonly string[] SobolHeader = ["method", "output", "parameter", "S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi"];
    public static readonly string[] MorrisHeader = ["method", "output", "parameter", "mu", "mu_star", "mu_star_lo", "mu_star_hi", "sigma"];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Reads the run folders, writes every result file; returns the analysis (its <c>Missing</c> lists runs that did not complete).</summary>
    public static SensitivityResult Generate(BatchFolder folder, SensitivityPlan plan)
    {
        var missing = new List<string>();
        var result = SensitivityAnalysis.Analyse(plan, SensitivityAnalysis.FromFolder(folder, plan, missing), missing);
        Write(folder.Path, plan, result);
        SensitivityRuns.Write(folder, plan);
        return result;
    }

    /// <summary>Writes indices.csv, outputs.csv, the plots and report.md into <paramref name="directory"/>.</summary>
    public static void Write(string directory, SensitivityPlan plan, SensitivityResult result)
    {
        AtomicFile.Write(Path.Combine(directory, IndicesCsv), s => WriteIndices(s, plan, result.Rows));
        AtomicFile.Write(Path.Combine(directory, OutputsCsv), s => WriteOutputs(s, plan, result.Y));
        var plots = SensitivityPlots.Write(Path.Combine(directory, BatchFolder.PlotsDir), plan, result.Rows);
        AtomicFile.Write(Path.Combine(directory, ReportMd), s =>
        {
            using var w = new StreamWriter(s, AtomicFile.Utf8, leaveOpen: true) { NewLine = "\n" };
            w.Write(Markdown(plan, result, plots));
        });
    }

    private static void WriteIndices(Stream stream, SensitivityPlan plan, IReadOnlyList<IndexRow> rows)
    {
        using var text = CsvLineWriter.Open(stream);
        var csv = new CsvLineWriter(text);
        csv.Header(plan.Method == SensitivityPlan.Sobol ? SobolHeader : MorrisHeader);
        foreach (var row in rows)
        {
            csv.Text(plan.Method).Text(row.Output).Text(row.Parameter);
            if (row.Sobol is { } s)
            {
                csv.Number(s.S1).Number(s.S1Low).Number(s.S1High).Number(s.ST).Number(s.STLow).Number(s.STHigh);
            }
            else if (row.Morris is { } m)
            {
                csv.Number(m.Mu).Number(m.MuStar).Number(m.MuStarLow).Number(m.MuStarHigh).Number(m.Sigma);
            }
            csv.EndLine();
        }
        text.Flush();
    }

    private static void WriteOutputs(Stream stream, SensitivityPlan plan, double[][] y)
    {
        using var text = CsvLineWriter.Open(stream);
        var csv = new CsvLineWriter(text);
        csv.Header(["point", .. plan.Parameters.Select(p => p.Path), .. plan.Outputs.Select(o => o.Name)]);
        var values = plan.Values();
        for (int p = 0; p < plan.PointCount; p++)
        {
            csv.Text(plan.PointId(p));
            foreach (double v in values[p])
            {
                csv.Number(v);
            }
            foreach (var column in y)
            {
                csv.Number(column[p]);
            }
            csv.EndLine();
        }
        text.Flush();
    }

    /// <summary>The design line printed before anything runs and at the top of the report.</summary>
    public static string DesignLine(SensitivityPlan plan) => plan.Method == SensitivityPlan.Sobol
        ? string.Create(Inv, $"sobol: N = {plan.Samples}, k = {plan.K} parameters, Saltelli design N·(k + 2) = {plan.PointCount} points × {plan.Configs.Count} configuration{(plan.Configs.Count == 1 ? "" : "s")} × {plan.Replicates.Count} replicate{(plan.Replicates.Count == 1 ? "" : "s")} = {plan.RunCount} runs")
        : string.Create(Inv, $"morris: r = {plan.Trajectories} trajectories, p = {plan.Levels} levels (Δ = {Morris.Delta(plan.Levels):0.###}), k = {plan.K} parameters, r·(k + 1) = {plan.PointCount} points × {plan.Configs.Count} configuration{(plan.Configs.Count == 1 ? "" : "s")} × {plan.Replicates.Count} replicate{(plan.Replicates.Count == 1 ? "" : "s")} = {plan.RunCount} runs");

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.000", Inv) : "—";

    private static string Markdown(SensitivityPlan plan, SensitivityResult result, IReadOnlyList<(string Output, string File)> plots)
    {
        var b = new StringBuilder();
        b.Append("# Sensitivity analysis: ").Append(plan.Name).Append("\n\n");
        if (plan.Description.Length > 0)
        {
            b.Append(plan.Description).Append("\n\n");
        }
        b.Append("- Design: ").Append(DesignLine(plan)).Append('\n');
        b.Append("- Base scenario: `").Append(plan.Scenario).Append("`, ").Append(plan.Ticks.ToString(Inv)).Append(" ticks; file `").Append(plan.SensitivityFile).Append("`\n");
        b.Append("- Seeds: every point runs the same ").Append(ReportMarkdown.Plural(plan.Replicates.Count, "replicate"))
            .Append(" (").Append(string.Join(", ", plan.Replicates.Select(r => r.Seed.ToString(Inv)))).Append("); the configurations of a point are paired by seed, and an output at a point is the mean over replicates.\n");
        if (plan.Configs.Count > 1 || plan.Configs[0].Overrides.Count > 0)
        {
            // Each once per point; arms of several claims that are the same scenario share one (docs/SENSITIVITY.md).
            b.Append("- Configurations (each run once per point and replicate): ")
                .Append(string.Join("; ", plan.Configs.Select(c => $"`{c.Id}`" + (c.Overrides.Count == 0 ? "" : " (" + string.Join(", ", c.Overrides.Select(o => $"{o.Key} = {o.Value}")) + ")"))))
                .Append('\n');
        }
        if (plan.KeepMetrics is { } kept && plan.KeepScopes is { } keptScopes)
        {
            b.Append("- Kept of each run (`runs.csv`): final and mean of ").Append(string.Join(", ", kept)).Append(" in ").Append(string.Join(", ", keptScopes)).Append('\n');
        }
        b.Append("- Intervals: 95%, estimate ± 1.96 × SD over ").Append(plan.Bootstrap.ToString(Inv)).Append(" bootstrap resamples (docs/SENSITIVITY.md).\n");
        if (result.Missing.Count > 0)
        {
            b.Append("- **").Append(ReportMarkdown.Plural(result.Missing.Count, "run")).Append(" did not complete**; their points are undefined and so are the indices of the outputs they feed: ")
                .Append(string.Join(", ", result.Missing.Take(10))).Append(result.Missing.Count > 10 ? ", …" : "").Append('\n');
        }
        b.Append("\n## Parameters\n\n| parameter | kind | min | max |\n|---|---|---:|---:|\n");
        foreach (var p in plan.Parameters)
        {
            b.Append("| `").Append(p.Path).Append("` | ").Append(p.Kind).Append(" | ").Append(p.Text(p.Min)).Append(" | ").Append(p.Text(p.Max)).Append(" |\n");
        }
        if (plan.Pairing is { } pairing)
        {
            // How the design balances each parameter (SaltelliPairing): a reader checks the switches here.
            b.Append("\n## Design balance\n\nPer parameter, the share of the ").Append(plan.Samples.ToString(Inv))
                .Append(" base points where A and B fall on the same level (a switch's value, a whole number's value; a real's half of its range) and what independent draws give. ")
                .Append("A's column is Sobol' dimension i; B's is dimension k + i (SALib's) unless that one was unbalanced (docs/SENSITIVITY.md).\n\n")
                .Append("| parameter | levels | A dimension | B dimension | same level in A and B | independent |\n|---|---:|---:|---:|---:|---:|\n");
            for (int i = 0; i < pairing.Count; i++)
            {
                var c = pairing[i];
                bool moved = c.BDimension != plan.K + i + 1;
                b.Append("| `").Append(c.Parameter).Append("` | ").Append(SaltelliPairing.IsDiscrete(plan.Parameters[i]) ? c.Levels.ToString(Inv) : "halves")
                    .Append(" | ").Append((i + 1).ToString(Inv)).Append(" | ").Append(c.BDimension.ToString(Inv)).Append(moved ? string.Create(Inv, $" (not {plan.K + i + 1})") : "")
                    .Append(" | ").Append(c.SameLevel.ToString("0.000", Inv)).Append(" | ").Append(c.Independent.ToString("0.000", Inv)).Append(" |\n");
            }
        }
        b.Append("\n## Outputs\n\n");
        for (int o = 0; o < plan.Outputs.Count; o++)
        {
            var output = plan.Outputs[o];
            b.Append("### ").Append(output.Name).Append("\n\n").Append(output.Description).Append(". ");
            if (output.Weights.Count > 1 || !output.Weights.ContainsKey("base"))
            {
                b.Append("Value: ").Append(string.Join(" ", output.Weights.Select((w, i) => (w.Value < 0 ? "− " : i == 0 ? "" : "+ ") + (Math.Abs(w.Value) == 1 ? "" : Math.Abs(w.Value).ToString(Inv) + "·") + w.Key)))
                    .Append(" per replicate. ");
            }
            var y = result.Y[o].Where(double.IsFinite).ToList();
            if (y.Count > 0)
            {
                b.Append(string.Create(Inv, $"Over the sample: mean {F(y.Average())}, min {F(y.Min())}, max {F(y.Max())}."));
            }
            b.Append("\n\n");
            if (output.SetByArms.Count > 0)
            {
                b.Append("Set by the contrast's arms (index 0 by construction): ").Append(string.Join(", ", output.SetByArms.Select(p => $"`{p}`"))).Append(".\n\n");
            }
            var rows = result.Rows.Where(r => r.Output == output.Name).ToList();
            if (plan.Method == SensitivityPlan.Sobol)
            {
                b.Append("| parameter | S1 | 95% CI | ST | 95% CI |\n|---|---:|---|---:|---|\n");
                foreach (var r in rows.OrderByDescending(r => double.IsFinite(r.Sobol!.ST) ? r.Sobol.ST : double.MinValue))
                {
                    var s = r.Sobol!;
                    b.Append("| `").Append(r.Parameter).Append("` | ").Append(F(s.S1)).Append(" | ").Append(F(s.S1Low)).Append(" … ").Append(F(s.S1High))
                        .Append(" | ").Append(F(s.ST)).Append(" | ").Append(F(s.STLow)).Append(" … ").Append(F(s.STHigh)).Append(" |\n");
                }
                double sumS1 = rows.Sum(r => r.Sobol!.S1);
                if (double.IsFinite(sumS1))
                {
                    b.Append(string.Create(Inv, $"\nΣ S1 = {sumS1:0.000}: the share of the output's variance over the sample that single parameters explain alone; the rest is interactions"))
                        .Append(sumS1 > 1 ? " (above 1 here: the S1 estimates' own noise at this N, see their CIs; ST is the more precise).\n" : ".\n");
                }
            }
            else
            {
                b.Append("| parameter | μ* | 95% CI | μ | σ |\n|---|---:|---|---:|---:|\n");
                foreach (var r in rows.OrderByDescending(r => double.IsFinite(r.Morris!.MuStar) ? r.Morris.MuStar : double.MinValue))
                {
                    var m = r.Morris!;
                    b.Append("| `").Append(r.Parameter).Append("` | ").Append(F(m.MuStar)).Append(" | ").Append(F(m.MuStarLow)).Append(" … ").Append(F(m.MuStarHigh))
                        .Append(" | ").Append(F(m.Mu)).Append(" | ").Append(F(m.Sigma)).Append(" |\n");
                }
                b.Append("\nμ* and μ are in the output's units per move of Δ of a parameter's range, divided by Δ (SALib's convention); σ large next to μ* means interactions or non-linearity.\n");
            }
            foreach (var (_, file) in plots.Where(p => p.Output == output.Name))
            {
                b.Append("\n![").Append(output.Name).Append("](").Append(BatchFolder.PlotsDir).Append('/').Append(file).Append(")\n");
            }
            b.Append('\n');
        }
        return b.ToString();
    }
}
