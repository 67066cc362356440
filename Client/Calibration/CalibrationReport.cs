using System.Globalization;
using System.Text;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Patterns;
using OrleansGov.Client.Results;

namespace OrleansGov.Client.Calibration;

/// <summary>
/// The calibration folder's tables and report: <c>gen-gg/particles.csv</c> (every proposal of a generation),
/// <c>generations.csv</c> (tolerance, acceptance, ESS), <c>posterior.csv</c> (the last generation's accepted
/// sets and weights), <c>posterior-summary.csv</c>, <c>plots/</c> and <c>report.md</c> with the posterior
/// predictive checks.
/// </summary>
public static class CalibrationReport
{
    public const string GenerationsCsv = "generations.csv", SummaryCsv = "posterior-summary.csv", ReportMd = "report.md",
        ParticlesCsv = "particles.csv", PredictiveDir = "predictive";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void WriteGeneration(string root, CalibrationFile file, AbcGeneration g) =>
        AtomicFile.Write(Path.Combine(root, ModelSimulator.GenerationDir(g.Index), ParticlesCsv), stream =>
        {
            using var w = CsvLineWriter.Open(stream);
            var csv = new CsvLineWriter(w);
            csv.Header(["proposal", .. file.Priors.Select(p => p.Path), "distance", .. file.Patterns.Patterns.Select(p => "d_" + p.Id), "accepted", "weight"]);
            foreach (var p in g.Simulated)
            {
                csv.Text(p.Proposal.Name);
                foreach (double x in p.Proposal.Theta) csv.Number(x);
                csv.Number(p.Distance);
                foreach (double d in p.Discrepancies) csv.Number(d);
                csv.Text(p.Accepted ? "true" : "false").Number(p.Weight);
                csv.EndLine();
            }
        });

    public static Posterior WriteResult(string root, CalibrationFile file, AbcResult result)
    {
        AtomicFile.Write(Path.Combine(root, GenerationsCsv), stream =>
        {
            using var w = CsvLineWriter.Open(stream);
            var csv = new CsvLineWriter(w);
            csv.Header(["generation", "epsilon", "proposed", "accepted", "acceptance_rate", "effective_sample_size"]);
            foreach (var g in result.Generations)
            {
                csv.Number((long)g.Index);
                if (double.IsPositiveInfinity(g.Epsilon)) csv.Text("inf"); else csv.Number(g.Epsilon);
                csv.Number((long)g.Simulated.Count).Number((long)g.Population.Count).Number(g.AcceptanceRate).Number(g.EffectiveSampleSize);
                csv.EndLine();
            }
        });
        var population = result.Posterior!.Population;
        var posterior = new Posterior([.. file.Priors.Select(p => p.Path)], [.. population.Select(p => (p.Proposal.Theta, p.Weight))]);
        AtomicFile.Write(Path.Combine(root, Posterior.FileName), stream =>
        {
            using var w = CsvLineWriter.Open(stream);
            var csv = new CsvLineWriter(w);
            csv.Header(["particle", .. file.Priors.Select(p => p.Path), "weight", "distance"]);
            foreach (var p in population)
            {
                csv.Text(p.Proposal.Name);
                foreach (double x in p.Proposal.Theta) csv.Number(x);
                csv.Number(p.Weight).Number(p.Distance);
                csv.EndLine();
            }
        });
        AtomicFile.Write(Path.Combine(root, SummaryCsv), stream =>
        {
            using var w = CsvLineWriter.Open(stream);
            var csv = new CsvLineWriter(w);
            csv.Header(["parameter", "prior_min", "prior_max", "mean", "sd", "q025", "median", "q975"]);
            for (int d = 0; d < file.Priors.Count; d++)
            {
                var s = posterior.Summary(d);
                csv.Text(file.Priors[d].Path).Number(file.Priors[d].Min).Number(file.Priors[d].Max).Number(s.Mean).Number(s.Sd).Number(s.Low).Number(s.Median).Number(s.High);
                csv.EndLine();
            }
        });
        string plots = Path.Combine(root, BatchFolder.PlotsDir);
        Directory.CreateDirectory(plots);
        PosteriorPlots.Marginals(Path.Combine(plots, "marginals.png"), file.Priors, posterior);
        PosteriorPlots.Pairs(Path.Combine(plots, "pairs.png"), file.Priors, posterior);
        return posterior;
    }

    public static void WriteMarkdown(string root, CalibrationFile file, AbcResult result, Posterior? posterior,
        IReadOnlyList<PatternResult>? predictive, int predictiveRuns, IReadOnlyList<string> command)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"# Calibration {file.Name}");
        sb.AppendLine();
        if (file.Description.Length > 0)
        {
            sb.AppendLine(file.Description);
            sb.AppendLine();
        }
        var abc = file.Abc;
        sb.AppendLine(string.Create(Inv, $"Scenario `{file.ScenarioRef}`, patterns `{file.PatternsRef}` ({file.Patterns.Patterns.Count}), method **{abc.Method}**, N = {abc.Particles} particles, {ReportMarkdown.Plural(abc.Replicates, "replicate")} per proposal, α = {abc.Alpha.ToString("0.##", Inv)}, target ε = {abc.Epsilon.ToString("0.###", Inv)}, seed {abc.Seed}. Distance: the largest scaled discrepancy over the patterns (≤ 1 means every pattern holds); priors uniform (docs/CALIBRATION.md)."));
        sb.AppendLine();
        sb.AppendLine(Inv, $"**Outcome:** {result.StopReason}; {ReportMarkdown.Plural(result.Runs, "simulation")} in all.");
        sb.AppendLine();
        sb.AppendLine("| generation | ε | proposed | accepted | acceptance rate | ESS |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var g in result.Generations)
        {
            sb.AppendLine(Inv, $"| {g.Index} | {(double.IsPositiveInfinity(g.Epsilon) ? "∞ (prior sample)" : g.Epsilon.ToString("0.###", Inv))} | {g.Simulated.Count} | {g.Population.Count} | {g.AcceptanceRate:P1} | {g.EffectiveSampleSize.ToString("0.#", Inv)} |");
        }
        sb.AppendLine();
        if (posterior is not null)
        {
            sb.AppendLine("## Posterior");
            sb.AppendLine();
            sb.AppendLine("| parameter | prior | posterior mean ± SD | 95 % credible interval | median |");
            sb.AppendLine("|---|---|---|---|---|");
            for (int d = 0; d < file.Priors.Count; d++)
            {
                var s = posterior.Summary(d);
                var p = file.Priors[d];
                sb.AppendLine(Inv, $"| `{p.Path}` | U[{p.Min:0.####}, {p.Max:0.####}] | {s.Mean:0.####} ± {s.Sd:0.####} | [{s.Low:0.####}, {s.High:0.####}] | {s.Median:0.####} |");
            }
            sb.AppendLine();
            sb.AppendLine("![Marginal posteriors](plots/marginals.png)");
            sb.AppendLine();
            sb.AppendLine("![Pairwise posterior](plots/pairs.png)");
            sb.AppendLine();
        }
        if (predictive is not null)
        {
            sb.AppendLine("## Posterior predictive checks");
            sb.AppendLine();
            sb.AppendLine(string.Create(Inv, $"{ReportMarkdown.Plural(predictiveRuns, "new simulation")} at draws from the posterior (systematic resampling by weight, fresh seeds); the spread is over draws, so it carries both parameter and stochastic uncertainty. \"Replicates holding\" is the share of draws whose own run meets the pattern."));
            sb.AppendLine();
            sb.Append(PatternsReport.Table(predictive));
            sb.AppendLine();
            sb.AppendLine(Inv, $"![Posterior predictive checks: per pattern each draw's run, their mean, the observed value and the band where the pattern holds]({PredictiveDir}/{PatternsOutputs.PlotFile})");
            sb.AppendLine();
        }
        sb.AppendLine("## Sources of the patterns");
        sb.AppendLine();
        sb.Append(PatternsReport.Sources(file.Patterns));
        sb.AppendLine();
        sb.AppendLine("Command: `" + string.Join(' ', command) + "`");
        AtomicFile.WriteBytes(Path.Combine(root, ReportMd), AtomicFile.Utf8.GetBytes(sb.ToString()));
    }
}
