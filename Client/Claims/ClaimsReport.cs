using System.Globalization;
using System.Text;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;

namespace OrleansGov.Client.Claims;

/// <summary>Writes <c>claims.csv</c>, <c>claims.md</c> and <c>plots/</c> of a claims run.</summary>
public static class ClaimsReport
{
    public const string Csv = "claims.csv", Markdown = "claims.md";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static readonly string[] Header =
    [
        "kind", "claim", "label", "condition", "counts", "metric", "scope", "statistic", "unit", "method",
        "arm1", "mean1", "ci1_low", "ci1_high", "arm2", "mean2", "ci2_low", "ci2_high",
        "arm3", "mean3", "ci3_low", "ci3_high", "arm4", "mean4", "ci4_low", "ci4_high",
        "effect", "effect_ci_low", "effect_ci_high", "n", "n_left_out", "sesoi", "verdict", "cohens_d", "sd_pooled",
        "mechanism", "reduction", "reduction_ci_low", "reduction_ci_high", "ratio_without_with", "ablation",
        "robustness_points", "share_holds", "share_supported", "fragile", "label_argument",
    ];

    public static string Name(Verdict v) => DecisionRule.Name(v);

    public static void Write(BatchFolder folder, ClaimsPlan plan, IReadOnlyList<ClaimResult> results, IReadOnlyList<string> missing, IReadOnlyList<string> command)
    {
        AtomicFile.Write(folder.File(Csv), s => WriteCsv(s, results));
        var plots = WritePlots(folder, plan, results);
        AtomicFile.WriteBytes(folder.File(Markdown), AtomicFile.Utf8.GetBytes(WriteMarkdown(plan, results, missing, plots, command)));
    }

    private static string N(double x) => double.IsNaN(x) ? "" : x.ToString("R", Inv);

    private static void WriteCsv(Stream stream, IReadOnlyList<ClaimResult> results)
    {
        using var text = CsvLineWriter.Open(stream);
        var csv = new CsvLineWriter(text);
        csv.Header(Header);
        foreach (var r in results)
        {
            string mech = string.Join("+", r.Claim.Mechanisms);
            string label = r.Claim.Label.Name;
            foreach (var c in r.Conditions)
            {
                var k = c.Condition;
                var row = new List<string> { "condition", r.Claim.Id, label, k.Expect, k.Counts ? "yes" : "no", k.Measure.Metric, k.Measure.Scope, k.Measure.Statistic.Key, k.Measure.Unit, c.Default.Effect.Method };
                AddOutcome(row, c.Default, k.Sesoi);
                Pad(row);
                csv.Header(row);
                if (c.Ablation is { } a)
                {
                    var arow = new List<string> { "ablation", r.Claim.Id, label, k.Expect, k.Counts ? "yes" : "no", k.Measure.Metric, k.Measure.Scope, k.Measure.Statistic.Key, k.Measure.Unit, a.Without.Effect.Method };
                    AddOutcome(arow, a.Without, k.Sesoi);
                    arow.AddRange([mech, N(a.Reduction.Value), N(a.Reduction.CiLow), N(a.Reduction.CiHigh), N(a.Ratio), a.Label]);
                    Pad(arow);
                    csv.Header(arow);
                }
            }
            var claimRow = new List<string> { "claim", r.Claim.Id, label };
            claimRow.AddRange(Enumerable.Repeat("", Array.IndexOf(Header, "verdict") - claimRow.Count));
            claimRow.AddRange([Name(r.Verdict), "", "", mech, "", "", "", "", r.MechanismVerdict ?? ""]);
            var rob = r.Robustness;
            claimRow.AddRange(rob is null ? ["", "", "", ""] : [rob.Points.ToString(Inv), N(rob.ShareHolds), N(rob.ShareSupported), rob.Fragile ? "yes" : "no"]);
            claimRow.Add(r.Claim.Label.Argument);
            csv.Header(claimRow);
        }
        text.Flush();
    }

    /// <summary>Arm means, then the contrast in natural units (CI, n, left out), the SESOI, the verdict, and d last.</summary>
    private static void AddOutcome(List<string> row, ConditionOutcome outcome, double sesoi)
    {
        for (int i = 0; i < 4; i++)
        {
            if (i < outcome.Arms.Count)
            {
                var (arm, s) = outcome.Arms[i];
                row.AddRange([arm, N(s.Mean), N(s.CiLow), N(s.CiHigh)]);
            }
            else
            {
                row.AddRange(["", "", "", ""]);
            }
        }
        var e = outcome.Effect;
        row.AddRange([N(e.Value), N(e.CiLow), N(e.CiHigh), e.N.ToString(Inv), e.LeftOut.ToString(Inv), N(sesoi), Name(outcome.Verdict), N(e.CohensD), N(e.SdPooled)]);
    }

    private static void Pad(List<string> row) => row.AddRange(Enumerable.Repeat("", Header.Length - row.Count));

    private static string F(double x) => double.IsNaN(x) ? "–" : Math.Abs(x) >= 100 ? x.ToString("F1", Inv) : x.ToString("F3", Inv);

    /// <summary>A SESOI as declared (0.05, 13, 1000), not padded to three decimals.</summary>
    private static string S(double x) => x.ToString("G6", Inv);

    private static string Ci(double lo, double hi) => double.IsFinite(lo) ? $"[{F(lo)}, {F(hi)}]" : "";

    private static string Pct(double x) => double.IsNaN(x) ? "–" : x.ToString("P0", Inv);

    private static List<string> WritePlots(BatchFolder folder, ClaimsPlan plan, IReadOnlyList<ClaimResult> results)
    {
        string dir = folder.File(BatchFolder.PlotsDir);
        Directory.CreateDirectory(dir);
        var files = new List<string>();
        foreach (var r in results)
        {
            var c = r.Conditions.First(x => x.Condition.Counts);
            var m = c.Condition.Measure;
            var summaries = new List<(string, SampleSummary)>();
            foreach (var arm in r.Claim.Arms)
            {
                if (c.Default.Arms.FirstOrDefault(a => a.Arm == arm.Name) is { Arm: not null } on)
                {
                    summaries.Add((arm.Name, on.Summary));
                }
            }
            if (c.Ablation is { } a)
            {
                foreach (var (arm, s) in a.Without.Arms)
                {
                    summaries.Add(($"{arm} (no {string.Join("/", r.Claim.Mechanisms.Select(x => x["mechanisms.".Length..]))})", s));
                }
            }
            string name = r.Claim.Id.ToLowerInvariant();
            BatchPlots.PerArm(Path.Combine(dir, name), $"{r.Claim.Id}: {MetricInfo.Label(m.Metric)}, {m.Scope}, {m.Statistic} ({Name(r.Verdict)})",
                MetricInfo.Unit(m.Metric), summaries);
            files.Add(name);
        }
        if (results.Any(r => r.Robustness is not null))
        {
            var shares = results.Where(r => r.Robustness is not null)
                .Select(r => (r.Claim.Id, new SampleSummary(r.Robustness!.Points, r.Robustness.ShareHolds, double.NaN, double.NaN, double.NaN, double.NaN))).ToList();
            BatchPlots.PerArm(Path.Combine(dir, "robustness"), $"Robustness: share of {plan.Points.Count} Latin hypercube points where the claim holds",
                "share of points, 0–1", shares, unitInterval: true);
            files.Add("robustness");
        }
        return files;
    }

    private static string WriteMarkdown(ClaimsPlan plan, IReadOnlyList<ClaimResult> results, IReadOnlyList<string> missing, IReadOnlyList<string> plots, IReadOnlyList<string> command)
    {
        var f = plan.File;
        var sb = new StringBuilder();
        sb.AppendLine($"# Claims: {f.Name}").AppendLine();
        if (f.Description.Length > 0)
        {
            sb.AppendLine(f.Description).AppendLine();
        }
        sb.AppendLine($"Base scenario `{f.ScenarioRef}`{(f.TimelineRemoved ? " without its timeline" : "")}, {f.Base.Ticks} ticks; "
            + $"{f.Replicates} paired replicates per arm (seed {f.Seed}); {plan.Configs.Count} distinct configurations, {plan.RunCount} runs. "
            + $"Robustness: {plan.Points.Count} Latin hypercube points (seed {f.Robustness.Seed}) × {f.Robustness.Replicates} replicates per arm.");
        sb.AppendLine().AppendLine($"Command: `{string.Join(" ", command)}`").AppendLine();
        if (missing.Count > 0)
        {
            sb.AppendLine($"**{missing.Count} runs did not complete** and are left out: {string.Join(", ", missing.Take(20))}{(missing.Count > 20 ? ", …" : "")}").AppendLine();
        }
        sb.AppendLine(MethodText);
        sb.AppendLine().AppendLine("## Verdicts").AppendLine();
        sb.AppendLine("| claim | label | verdict | mechanism (ablated) | ablation | robustness: holds | supported at point | |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var labels = string.Join(", ", r.Conditions.Where(c => c.Condition.MechanismTest && c.Ablation is not null).Select(c => c.Ablation!.Label).Distinct());
            sb.AppendLine($"| {r.Claim.Id} | {r.Claim.Label.Name} | **{Name(r.Verdict)}** | {(r.Claim.Mechanisms.Count == 0 ? "–" : string.Join(", ", r.Claim.Mechanisms.Select(m => "`" + m + "`")))} "
                + $"| {(r.MechanismVerdict is null ? "–" : $"{r.MechanismVerdict} ({labels})")} "
                + $"| {(r.Robustness is null ? "–" : Pct(r.Robustness.ShareHolds))} | {(r.Robustness is null ? "–" : Pct(r.Robustness.ShareSupported))} "
                + $"| {(r.Robustness?.Fragile == true ? "**fragile**" : "")} |");
        }
        sb.AppendLine();
        foreach (var r in results)
        {
            sb.AppendLine($"## {r.Claim.Id}: {Name(r.Verdict)}").AppendLine();
            sb.AppendLine($"> {r.Claim.Text}").AppendLine();
            if (r.Claim.Note.Length > 0)
            {
                sb.AppendLine(r.Claim.Note).AppendLine();
            }
            sb.AppendLine($"**{Capitalise(r.Claim.Label.Name)}.** {r.Claim.Label.Argument}").AppendLine();
            sb.AppendLine("Arms: " + string.Join("; ", r.Claim.Arms.Select(a => $"**{a.Name}** = {(a.Overrides.Count == 0 ? "base" : string.Join(", ", a.Overrides.Select(o => $"`{o.Path}: {o.Value}`")))}")) + ".").AppendLine();
            sb.AppendLine("| condition | measure (scope, statistic; unit) | arm means [95% CI] | effect [95% CI] | n | SESOI | verdict | d |");
            sb.AppendLine("|---|---|---|---|---|---|---|---|");
            foreach (var c in r.Conditions)
            {
                sb.AppendLine(ConditionRow(c.Condition, c.Default, c.Condition.Counts ? "" : " (informative)"));
            }
            sb.AppendLine();
            if (r.Claim.Mechanisms.Count > 0 && r.Conditions.Any(c => c.Ablation is not null))
            {
                sb.AppendLine($"**Ablation** ({string.Join(", ", r.Claim.Mechanisms.Select(m => $"`{m}: false`"))} in every arm): mechanism {r.MechanismVerdict}.").AppendLine();
                sb.AppendLine("| condition | arm means without [95% CI] | effect with | effect without | reduction s·(with − without) | SESOI | without ÷ with | ablation |");
                sb.AppendLine("|---|---|---|---|---|---|---|---|");
                foreach (var c in r.Conditions.Where(c => c.Ablation is not null))
                {
                    var a = c.Ablation!;
                    var e = c.Default.Effect;
                    sb.AppendLine($"| `{c.Condition.Expect}` {c.Condition.Measure.Metric}{(c.Condition.Counts ? "" : " (informative)")}{(c.Condition.Counts && !c.Condition.MechanismTest ? " (not a mechanism test)" : "")} | {ArmMeans(a.Without)} | {F(e.Value)} {Ci(e.CiLow, e.CiHigh)} "
                        + $"| {F(a.Without.Effect.Value)} {Ci(a.Without.Effect.CiLow, a.Without.Effect.CiHigh)} ({Name(a.Without.Verdict)}) | {F(a.Reduction.Value)} {Ci(a.Reduction.CiLow, a.Reduction.CiHigh)} | {S(c.Condition.Sesoi)} | {F(a.Ratio)} | {a.Label} |");
                }
                sb.AppendLine();
            }
            if (r.Robustness is { } rob)
            {
                sb.AppendLine($"**Robustness**: holds (every counting estimate beyond its SESOI in the expected direction) at {rob.PerPoint.Count(p => p.Holds)} of {rob.Points} points ({Pct(rob.ShareHolds)}); "
                    + $"supported with the point's own CIs ({f.Robustness.Replicates} replicates) at {Pct(rob.ShareSupported)}{(rob.Fragile ? " — **fragile**" : "")}."
                    + (r.Claim.RobustnessExclude.Count > 0 ? $" Not sampled for this claim (arm factors): {string.Join(", ", r.Claim.RobustnessExclude.Select(x => "`" + x + "`"))}." : ""));
                var failing = rob.PerPoint.Where(p => !p.Holds).Select(p => p.Point).ToList();
                if (failing.Count > 0 && failing.Count <= 12)
                {
                    sb.AppendLine().AppendLine().Append("Points where it does not hold: ").Append(string.Join(", ", failing.Select(p => "p" + p.ToString("D2", Inv)))).AppendLine(".");
                }
                sb.AppendLine();
            }
            string plot = r.Claim.Id.ToLowerInvariant();
            if (plots.Contains(plot))
            {
                sb.AppendLine($"![{r.Claim.Id}](plots/{plot}.png)").AppendLine();
            }
        }
        sb.AppendLine("## Smallest effects of interest").AppendLine();
        sb.AppendLine("Declared under `sesoi:` in the claims file (the reasoning for each value is beside it there and in docs/CLAIMS.md); a claim or a condition may override them, and the tables above show the value each condition used.").AppendLine();
        sb.AppendLine("| metric | SESOI | unit |").AppendLine("|---|---|---|");
        foreach (var (metric, value) in f.Sesoi)
        {
            sb.AppendLine($"| {metric} | {value.ToString("R", Inv)} | {(metric == Measure.TicksKey ? "ticks (milestones)" : MetricInfo.Unit(metric))} |");
        }
        sb.AppendLine();
        if (plan.Points.Count > 0)
        {
            sb.AppendLine("## Robustness design").AppendLine();
            sb.AppendLine("| parameter | range |").AppendLine("|---|---|");
            foreach (var (path, min, max) in f.Robustness.Ranges)
            {
                sb.AppendLine($"| `{path}` | [{min.ToString("R", Inv)}, {max.ToString("R", Inv)}] |");
            }
            sb.AppendLine().AppendLine("Sampled points (values per parameter, in the order above):").AppendLine();
            sb.AppendLine("| point | " + string.Join(" | ", f.Robustness.Ranges.Select(r => r.Path.Split('.')[^1])) + " | claims not holding |");
            sb.AppendLine("|---|" + string.Concat(f.Robustness.Ranges.Select(_ => "---|")) + "---|");
            foreach (var p in plan.Points)
            {
                var fails = results.Where(r => r.Robustness?.PerPoint.Any(x => x.Point == p.Index && !x.Holds) == true).Select(r => r.Claim.Id);
                sb.AppendLine($"| p{p.Index:D2} | " + string.Join(" | ", p.Values.Select(v => double.TryParse(v.Value, NumberStyles.Float, Inv, out double d) && v.Value.Contains('.') ? d.ToString("F3", Inv) : v.Value))
                    + $" | {string.Join(", ", fails)} |");
            }
            sb.AppendLine();
            if (plots.Contains("robustness"))
            {
                sb.AppendLine("![robustness](plots/robustness.png)").AppendLine();
            }
        }
        return sb.ToString();
    }

    private static readonly string FragileText = ClaimsEvaluation.FragileBelow.ToString("P0", Inv);

    /// <summary>The method in a paragraph, at the top of claims.md (docs/CLAIMS.md has the full text and references).</summary>
    private static readonly string MethodText =
        "Method (docs/CLAIMS.md). Each condition is a contrast of arm means over **paired** replicates (replicate r of every arm ran with the same seed), "
        + "given first in the measure's natural units with its 95% CI and n, and judged against the **smallest effect of interest** (SESOI) Δ declared for its metric: "
        + "*supported* if the CI lies beyond +Δ in the expected direction, *opposite* if it lies beyond −Δ, *negligible* if it lies within ±Δ, else *inconclusive* "
        + "(a minimum-effect test and an equivalence test on one interval; Lakens 2017, Lakens et al. 2018). A CI that excludes 0 is not enough: with nearly deterministic replicates every difference does. "
        + "A claim is *opposite* if any counting condition is, else *negligible* if any is, else *supported* if all are, else *inconclusive*. "
        + "Ablation (the claim's mechanism switched off in every arm, docs/MODEL.md §6.0a): *disappears* = the effect without it is negligible, *reverses* = opposite; "
        + "otherwise the paired reduction s·(with − without) against Δ: *shrinks* (beyond Δ), *grows* (beyond −Δ), *unchanged* (within ±Δ), else *inconclusive*. "
        + $"Robustness: share of points where every counting estimate lies beyond its SESOI in the expected direction; a supported claim holding at < {FragileText} of points is *fragile*. "
        + "*d* (contrast ÷ pooled SD between runs) comes last: when replicates are nearly deterministic the SD is tiny and *d* is huge whatever the effect's size, so it says how precise the estimate is, not how large. "
        + "Labels: *encoded* = the claim's mechanism is a direct term of a rule (the experiment reads back an assumption); *emergent* = no single rule states it.";

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string ArmMeans(ConditionOutcome o) => string.Join("; ", o.Arms.Select(a => $"{a.Arm} {F(a.Summary.Mean)} {Ci(a.Summary.CiLow, a.Summary.CiHigh)}"));

    private static string ConditionRow(ClaimCondition k, ConditionOutcome o, string suffix)
    {
        var e = o.Effect;
        string n = e.N.ToString(Inv) + (e.LeftOut > 0 ? $" ({e.LeftOut} left out{(o.Censored ? ": never reached, so inconclusive" : ": undefined")})" : "");
        return $"| `{k.Expect}`{suffix} | {k.Measure.Metric} ({k.Measure.Scope}, {k.Measure.Statistic}; {k.Measure.Unit}) | {ArmMeans(o)} | {F(e.Value)} {Ci(e.CiLow, e.CiHigh)} | {n} | {S(k.Sesoi)} | **{Name(o.Verdict)}** | {F(e.CohensD)} |";
    }
}
