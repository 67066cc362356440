using System.Globalization;
using System.Text;

namespace OrleansGov.Client.Experiments;

/// <summary><c>report.md</c>: the design, the run statuses, and per scope the comparison tables and plots.</summary>
internal static class ReportMarkdown
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>"1 arm", "2 arms".</summary>
    public static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n.ToString(Inv)} {noun}s";

    public static string Write(BatchPlan plan, BatchReport.Layout layout, SampleSummary[][][] summaries, ReportOutcome outcome, IReadOnlyList<string> plots)
    {
        var md = new StringBuilder();
        md.Append($"# Experiment `{plan.Name}`\n\n");
        if (plan.Description.Length > 0)
        {
            md.Append(plan.Description.Trim()).Append("\n\n");
        }
        md.Append("## Design\n\n");
        md.Append($"- Base scenario: `{plan.Scenario}`, {plan.Ticks} ticks ({plan.TicksPerYear} per year).\n");
        foreach (var f in plan.Factors)
        {
            md.Append(f.Design == "grid"
                ? $"- Factor `{f.Parameter}` (grid): {string.Join(", ", f.Levels!.Select(l => $"`{l}`"))}.\n"
                : string.Create(Inv, $"- Factor `{f.Parameter}` (Latin hypercube): range [{f.Min:R}, {f.Max:R}].\n"));
        }
        md.Append($"- {Plural(plan.Arms.Count, "arm")} × {Plural(plan.Replicates.Count, "replicate")} = {Plural(plan.RunCount, "run")}; baseline arm `{plan.Baseline}`.\n");
        md.Append($"- Seeds: {plan.SeedRule} (experiment seed {plan.Seed}); each run's seed is in `runs.csv`.\n");
        md.Append($"- Runs completed: {outcome.Completed} of {plan.RunCount}.");
        if (outcome.NotCompleted.Count > 0)
        {
            md.Append(" Not completed (left out of every statistic):\n\n");
            foreach (var (run, status, error) in outcome.NotCompleted)
            {
                md.Append($"  - `{run}`: {status}{(string.IsNullOrEmpty(error) ? "" : " — " + error)}\n");
            }
        }
        md.Append("\n\n");
        md.Append("Statistics: mean over completed replicates, sample SD, 95% CI = mean ± t(0.975, n−1)·SD/√n. ");
        md.Append("Differences are arm − baseline with Welch's 95% CI (unequal variances, Welch–Satterthwaite df); ");
        md.Append("Cohen's d = difference ÷ pooled SD. Milestone ticks are averaged over the runs that reached the milestone (n of n_runs). ");
        md.Append("All numbers, with more digits, are in `comparison.csv`.\n\n");
        if (plots.Contains("plots/overview"))
        {
            md.Append("Overview: every kept metric over time for the first kept scope (the nation when kept), mean of replicates per arm with 95% CI bands. Plots of every metric and scope, over time and at the last tick: `--plots all`.\n\n![Every kept metric over time](plots/overview.png)\n\n");
        }

        for (int s = 0; s < plan.Scopes.Count; s++)
        {
            md.Append($"## Scope `{plan.Scopes[s]}`\n\n");
            Table(md, "Final values (last tick)", plan, layout, summaries, s, 0, plan.Metrics.Count, m => MetricInfo.Label(plan.Metrics[m]));
            Table(md, "Time averages (mean over ticks)", plan, layout, summaries, s, plan.Metrics.Count, plan.Metrics.Count, m => MetricInfo.Label(plan.Metrics[m]));
            if (plan.Milestones.Count > 0)
            {
                Table(md, "Time to milestones (first tick reached)", plan, layout, summaries, s, 2 * plan.Metrics.Count, plan.Milestones.Count,
                    k => $"{plan.Milestones[k].Metric} {(plan.Milestones[k].Comparison == "at-least" ? "≥" : "≤")} {plan.Milestones[k].Threshold.ToString("R", Inv)}");
            }
            foreach (string plot in plots.Where(p => p.StartsWith($"plots/{plan.Scopes[s]}-", StringComparison.Ordinal) && !p.EndsWith("-final", StringComparison.Ordinal)))
            {
                string metric = plot[$"plots/{plan.Scopes[s]}-".Length..];
                md.Append($"![{MetricInfo.Label(metric)}, {plan.Scopes[s]}]({plot}.png) ([SVG]({plot}.svg)");
                md.Append(plots.Contains(plot + "-final") ? $"; final values: [PNG]({plot}-final.png), [SVG]({plot}-final.svg))\n\n" : ")\n\n");
            }
        }
        return md.ToString();
    }

    private static void Table(StringBuilder md, string title, BatchPlan plan, BatchReport.Layout layout, SampleSummary[][][] summaries,
        int scope, int first, int count, Func<int, string> label)
    {
        md.Append($"### {title}\n\n");
        md.Append($"| measure | arm | n | mean | SD | 95% CI | Δ vs `{plan.Baseline}` [95% CI] | Cohen's d |\n");
        md.Append("|---|---|--:|--:|--:|---|---|--:|\n");
        int b = layout.BaselineIndex;
        for (int i = 0; i < count; i++)
        {
            int m = first + i;
            for (int a = 0; a < plan.Arms.Count; a++)
            {
                var x = summaries[a][scope][m];
                string n = m >= 2 * plan.Metrics.Count ? $"{x.N}/{layout.CompletedRuns[a]}" : x.N.ToString(Inv);
                string diff = "—", d = "—";
                if (a != b)
                {
                    var c = Statistics.Compare(x, summaries[b][scope][m]);
                    diff = $"{F(c.Value)} [{F(c.CiLow)}, {F(c.CiHigh)}]";
                    d = F(c.CohensD);
                }
                md.Append($"| {(a == 0 ? label(i) : "")} | `{plan.Arms[a].Id}` | {n} | {F(x.Mean)} | {F(x.Sd)} | [{F(x.CiLow)}, {F(x.CiHigh)}] | {diff} | {d} |\n");
            }
        }
        md.Append('\n');
    }

    private static string F(double value) => double.IsFinite(value) ? value.ToString("G4", Inv) : "n/a";
}
