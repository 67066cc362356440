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
        "kind", "claim", "condition", "counts", "metric", "scope", "statistic", "method",
        "arm1", "mean1", "ci1_low", "ci1_high", "arm2", "mean2", "ci2_low", "ci2_high",
        "arm3", "mean3", "ci3_low", "ci3_high", "arm4", "mean4", "ci4_low", "ci4_high",
        "effect", "effect_ci_low", "effect_ci_high", "cohens_d", "n", "verdict",
        "mechanism", "effect_without", "without_ci_low", "without_ci_high", "shrink", "shrink_ci_low", "shrink_ci_high", "shrink_ratio", "ablation",
        "robustness_points", "share_holds", "share_supported", "fragile",
    ];

    public static string Name(Verdict v) => v switch
    {
        Verdict.Supported => "supported",
        Verdict.NotSupported => "not supported",
        _ => "inconclusive",
    };

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
            foreach (var c in r.Conditions)
            {
                var k = c.Condition;
                var row = new List<string> { "condition", r.Claim.Id, k.Expect, k.Counts ? "yes" : "no", k.Measure.Metric, k.Measure.Scope, k.Measure.Statistic.Key, c.Default.Effect.Method };
                AddArms(row, c.Default);
                var e = c.Default.Effect;
                row.AddRange([N(e.Value), N(e.CiLow), N(e.CiHigh), N(e.CohensD), e.N.ToString(Inv), Name(c.Default.Verdict)]);
                row.AddRange(Enumerable.Repeat("", Header.Length - row.Count));
                csv.Header(row);
                if (c.Ablation is { } a)
                {
                    var arow = new List<string> { "ablation", r.Claim.Id, k.Expect, k.Counts ? "yes" : "no", k.Measure.Metric, k.Measure.Scope, k.Measure.Statistic.Key, a.Without.Effect.Method };
                    AddArms(arow, a.Without);
                    arow.AddRange([N(e.Value), N(e.CiLow), N(e.CiHigh), N(e.CohensD), a.Without.Effect.N.ToString(Inv), Name(a.Without.Verdict)]);
                    arow.AddRange([mech, N(a.Without.Effect.Value), N(a.Without.Effect.CiLow), N(a.Without.Effect.CiHigh), N(a.Shrink.Value), N(a.Shrink.CiLow), N(a.Shrink.CiHigh), N(a.Ratio), a.Label]);
                    arow.AddRange(Enumerable.Repeat("", Header.Length - arow.Count));
                    csv.Header(arow);
                }
            }
            var claimRow = new List<string> { "claim", r.Claim.Id, "", "", "", "", "", "" };
            claimRow.AddRange(Enumerable.Repeat("", 16));
            claimRow.AddRange(["", "", "", "", "", Name(r.Verdict), mech, "", "", "", "", "", "", "", r.MechanismVerdict ?? ""]);
            var rob = r.Robustness;
            claimRow.AddRange(rob is null ? ["", "", "", ""] : [rob.Points.ToString(Inv), N(rob.ShareHolds), N(rob.ShareSupported), rob.Fragile ? "yes" : "no"]);
            csv.Header(claimRow);
        }
        text.Flush();
    }

    private static void AddArms(List<string> row, ConditionOutcome outcome)
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
    }

    private static string F(double x) => double.IsNaN(x) ? "–" : Math.Abs(x) >= 100 ? x.ToString("F1", Inv) : x.ToString("F3", Inv);

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
                "share of points, 0–1", shares);
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
        sb.AppendLine("Verdict per condition: *supported* if the 95% CI of the contrast lies on the expected side of 0, *not supported* if it lies on the other side, else *inconclusive*; "
            + "a claim is supported if all its counting conditions are, not supported if any is not. Ablation: the claim's mechanism switched off in every arm (docs/MODEL.md §6.0a); "
            + "*disappears* = the ablated effect's CI includes 0, *reverses* = significantly opposite, *shrinks* = the paired reduction's CI excludes 0. "
            + $"Robustness: share of points where every counting condition has the expected sign (none significantly opposite); a supported claim holding at < {FragileText} of points is *fragile*.");
        sb.AppendLine().AppendLine("## Verdicts").AppendLine();
        sb.AppendLine("| claim | verdict | mechanism (ablated) | ablation | robustness: holds | supported at point | |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var labels = string.Join(", ", r.Conditions.Where(c => c.Condition.MechanismTest && c.Ablation is not null).Select(c => c.Ablation!.Label).Distinct());
            sb.AppendLine($"| {r.Claim.Id} | **{Name(r.Verdict)}** | {(r.Claim.Mechanisms.Count == 0 ? "–" : string.Join(", ", r.Claim.Mechanisms.Select(m => "`" + m + "`")))} "
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
            sb.AppendLine("Arms: " + string.Join("; ", r.Claim.Arms.Select(a => $"**{a.Name}** = {(a.Overrides.Count == 0 ? "base" : string.Join(", ", a.Overrides.Select(o => $"`{o.Path}: {o.Value}`")))}")) + ".").AppendLine();
            sb.AppendLine("| condition | metric (scope, statistic) | arm means [95% CI] | contrast [95% CI] | d | verdict |");
            sb.AppendLine("|---|---|---|---|---|---|");
            foreach (var c in r.Conditions)
            {
                sb.AppendLine(ConditionRow(c.Condition, c.Default, c.Condition.Counts ? "" : " (informative)"));
            }
            sb.AppendLine();
            if (r.Claim.Mechanisms.Count > 0)
            {
                sb.AppendLine($"**Ablation** ({string.Join(", ", r.Claim.Mechanisms.Select(m => $"`{m}: false`"))} in every arm): mechanism {r.MechanismVerdict}.").AppendLine();
                sb.AppendLine("| condition | arm means without [95% CI] | effect with | effect without | reduction s·(with − without) | without ÷ with | ablation |");
                sb.AppendLine("|---|---|---|---|---|---|---|");
                foreach (var c in r.Conditions.Where(c => c.Ablation is not null))
                {
                    var a = c.Ablation!;
                    var e = c.Default.Effect;
                    sb.AppendLine($"| `{c.Condition.Expect}` {c.Condition.Measure.Metric}{(c.Condition.Counts ? "" : " (informative)")}{(c.Condition.Counts && !c.Condition.MechanismTest ? " (not a mechanism test)" : "")} | {ArmMeans(a.Without)} | {F(e.Value)} {Ci(e.CiLow, e.CiHigh)} "
                        + $"| {F(a.Without.Effect.Value)} {Ci(a.Without.Effect.CiLow, a.Without.Effect.CiHigh)} | {F(a.Shrink.Value)} {Ci(a.Shrink.CiLow, a.Shrink.CiHigh)} | {F(a.Ratio)} | {a.Label} |");
                }
                sb.AppendLine();
            }
            if (r.Robustness is { } rob)
            {
                sb.AppendLine($"**Robustness**: holds at {rob.PerPoint.Count(p => p.Holds)} of {rob.Points} points ({Pct(rob.ShareHolds)}); "
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

    private static readonly string FragileText = ClaimsAnalysis.FragileBelow.ToString("P0", Inv);

    private static string ArmMeans(ConditionOutcome o) => string.Join("; ", o.Arms.Select(a => $"{a.Arm} {F(a.Summary.Mean)} {Ci(a.Summary.CiLow, a.Summary.CiHigh)}"));

    private static string ConditionRow(ClaimCondition k, ConditionOutcome o, string suffix)
    {
        var e = o.Effect;
        return $"| `{k.Expect}`{suffix} | {k.Measure.Metric} ({k.Measure.Scope}, {k.Measure.Statistic}) | {ArmMeans(o)} | {F(e.Value)} {Ci(e.CiLow, e.CiHigh)} ({e.Method}) | {F(e.CohensD)} | **{Name(o.Verdict)}** |";
    }
}
