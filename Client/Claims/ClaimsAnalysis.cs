using System.Globalization;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;

namespace OrleansGov.Client.Claims;

/// <summary>The verdict on one condition or one claim.</summary>
public enum Verdict { Supported, NotSupported, Inconclusive }

/// <summary>A contrast's estimate with its 95% CI, effect size and how it was computed.</summary>
/// <param name="Method"><c>welch</c> (two arms, Welch's interval, Cohen's d with the pooled SD) or <c>paired</c> (per-replicate contrast over the paired seeds, t interval, d = mean ÷ SD of the contrast).</param>
public sealed record Effect(double Value, double CiLow, double CiHigh, double CohensD, string Method, int N);

/// <summary>A condition at one setting (defaults, ablated, or a robustness point).</summary>
public sealed record ConditionOutcome(IReadOnlyList<(string Arm, SampleSummary Summary)> Arms, Effect Effect, Verdict Verdict);

/// <summary>The ablation of one condition: the effect with and without the mechanism, and their paired difference.</summary>
/// <param name="Shrink">Per replicate s·(effect with − effect without), s the expected sign: positive = the mechanism carries the effect.</param>
/// <param name="Ratio">Effect without ÷ effect with (1 = unchanged, 0 = gone, negative = reversed).</param>
/// <param name="Label">disappears, reverses, shrinks, unchanged or grows.</param>
public sealed record AblationOutcome(ConditionOutcome Without, Effect Shrink, double Ratio, string Label);

/// <summary>Robustness of a claim over the Latin hypercube.</summary>
/// <param name="ShareHolds">Share of points where every counting condition's estimate has the expected sign and none is significantly opposite.</param>
/// <param name="ShareSupported">Share of points where the claim is supported with the point's own 95% CIs.</param>
public sealed record RobustnessOutcome(int Points, double ShareHolds, double ShareSupported, bool Fragile, IReadOnlyList<(int Point, bool Holds, Verdict Verdict)> PerPoint);

public sealed record ConditionResult(ClaimCondition Condition, ConditionOutcome Default, AblationOutcome? Ablation);

public sealed record ClaimResult(Claim Claim, IReadOnlyList<ConditionResult> Conditions, Verdict Verdict, string? MechanismVerdict, RobustnessOutcome? Robustness);

/// <summary>
/// The statistics and verdicts of a claims run, from the run folders alone. Each run's
/// <c>metrics.csv</c> is read once and reduced to the few numbers the claims need.
/// </summary>
public static class ClaimsAnalysis
{
    /// <summary>Share of robustness points below which a supported claim is reported as fragile.</summary>
    public const double FragileBelow = 0.8;

    /// <summary>The verdict of a contrast expected to have sign <paramref name="expectedSign"/>: its 95% CI on the expected side of 0, the other side, or straddling.</summary>
    public static Verdict VerdictOf(Effect effect, int expectedSign)
    {
        if (!double.IsFinite(effect.CiLow) || !double.IsFinite(effect.CiHigh))
        {
            return Verdict.Inconclusive;
        }
        double low = expectedSign > 0 ? effect.CiLow : -effect.CiHigh;
        double high = expectedSign > 0 ? effect.CiHigh : -effect.CiLow;
        return low > 0 ? Verdict.Supported : high < 0 ? Verdict.NotSupported : Verdict.Inconclusive;
    }

    /// <summary>A claim is supported if all its counting conditions are, not supported if any is not, else inconclusive.</summary>
    public static Verdict Combine(IEnumerable<Verdict> conditions)
    {
        var list = conditions.ToList();
        return list.Contains(Verdict.NotSupported) ? Verdict.NotSupported
            : list.All(v => v == Verdict.Supported) ? Verdict.Supported
            : Verdict.Inconclusive;
    }

    /// <summary>
    /// The ablation label: <c>disappears</c> if the ablated effect's CI includes 0; <c>reverses</c> if it
    /// excludes 0 on the other side; otherwise <c>shrinks</c> / <c>grows</c> when the paired difference
    /// s·(with − without) has a CI above / below 0, else <c>unchanged</c>.
    /// </summary>
    public static string AblationLabel(Effect without, Effect shrink, int expectedSign) => VerdictOf(without, expectedSign) switch
    {
        Verdict.Inconclusive => "disappears",
        Verdict.NotSupported => "reverses",
        _ => VerdictOf(shrink, 1) switch
        {
            Verdict.Supported => "shrinks",
            Verdict.NotSupported => "grows",
            _ => "unchanged",
        },
    };

    /// <summary>Whether a mechanism is shown: every counting condition's effect disappears, reverses or shrinks without it.</summary>
    public static bool MechanismShown(IEnumerable<string> labels) => labels.All(l => l is "disappears" or "reverses" or "shrinks");

    /// <summary>
    /// Robustness shares from per-point condition effects: a point "holds" when every counting
    /// condition's estimate has the expected sign and none is significantly opposite.
    /// </summary>
    public static RobustnessOutcome Robustness(IReadOnlyList<(int Point, IReadOnlyList<(Effect Effect, int Sign)> Conditions)> points, Verdict atDefaults)
    {
        var per = new List<(int, bool, Verdict)>();
        foreach (var (point, conditions) in points)
        {
            var verdicts = conditions.Select(c => VerdictOf(c.Effect, c.Sign)).ToList();
            bool holds = conditions.All(c => double.IsFinite(c.Effect.Value) && Math.Sign(c.Effect.Value) == c.Sign)
                && !verdicts.Contains(Verdict.NotSupported);
            per.Add((point, holds, Combine(verdicts)));
        }
        int n = per.Count;
        double holdsShare = n == 0 ? double.NaN : per.Count(p => p.Item2) / (double)n;
        double supportedShare = n == 0 ? double.NaN : per.Count(p => p.Item3 == Verdict.Supported) / (double)n;
        bool fragile = atDefaults == Verdict.Supported && n > 0 && holdsShare < FragileBelow;
        return new RobustnessOutcome(n, holdsShare, supportedShare, fragile, per);
    }

    /// <summary>The effect of a condition's contrast over per-arm replicate values (index = replicate, NaN = undefined).</summary>
    public static Effect EffectOf(ClaimCondition condition, IReadOnlyDictionary<string, double[]> values)
    {
        if (condition.IsTwoArm)
        {
            var a = Statistics.Summarize(values[condition.Positive]);
            var b = Statistics.Summarize(values[condition.Negative]);
            var d = Statistics.Compare(a, b);
            return new Effect(d.Value, d.CiLow, d.CiHigh, d.CohensD, "welch", Math.Min(a.N, b.N));
        }
        var contrast = Contrast(condition, values);
        var s = Statistics.Summarize(contrast);
        return new Effect(s.Mean, s.CiLow, s.CiHigh, s.Sd > 0 ? s.Mean / s.Sd : double.NaN, "paired", s.N);
    }

    /// <summary>Per replicate Σ w_arm · value_arm (NaN where any arm is undefined); arms paired by replicate (same seed).</summary>
    public static double[] Contrast(ClaimCondition condition, IReadOnlyDictionary<string, double[]> values)
    {
        int n = condition.Weights.Keys.Min(arm => values[arm].Length);
        var result = new double[n];
        for (int r = 0; r < n; r++)
        {
            double sum = 0;
            foreach (var (arm, w) in condition.Weights)
            {
                sum += w * values[arm][r];
            }
            result[r] = sum;
        }
        return result;
    }

    public static ConditionOutcome Outcome(ClaimCondition condition, IReadOnlyDictionary<string, double[]> values)
    {
        var effect = EffectOf(condition, values);
        var arms = condition.Weights.Keys.Select(a => (a, Statistics.Summarize(values[a]))).ToList();
        return new ConditionOutcome(arms, effect, VerdictOf(effect, condition.ExpectedSign));
    }

    public static AblationOutcome Ablation(ClaimCondition condition, IReadOnlyDictionary<string, double[]> with, IReadOnlyDictionary<string, double[]> without)
    {
        var outcome = Outcome(condition, without);
        double[] on = Contrast(condition, with), off = Contrast(condition, without);
        int n = Math.Min(on.Length, off.Length);
        var diff = Enumerable.Range(0, n).Select(r => condition.ExpectedSign * (on[r] - off[r])).ToArray();
        var s = Statistics.Summarize(diff);
        var shrink = new Effect(s.Mean, s.CiLow, s.CiHigh, s.Sd > 0 ? s.Mean / s.Sd : double.NaN, "paired", s.N);
        double withValue = EffectOf(condition, with).Value;
        double ratio = withValue != 0 ? outcome.Effect.Value / withValue : double.NaN;
        return new AblationOutcome(outcome, shrink, ratio, AblationLabel(outcome.Effect, shrink, condition.ExpectedSign));
    }

    /// <summary>Analyses every claim from the run folders in <paramref name="folder"/>.</summary>
    public static (IReadOnlyList<ClaimResult> Results, IReadOnlyList<string> Missing) Analyse(BatchFolder folder, ClaimsPlan plan)
    {
        var measures = plan.File.Claims.SelectMany(c => c.Conditions).Select(c => c.Measure).DistinctBy(m => m.Key).ToList();
        var values = new Dictionary<string, double[][]>(StringComparer.Ordinal); // config → [measure][replicate]
        var missing = new List<string>();
        foreach (var config in plan.Configs)
        {
            var table = measures.Select(_ => Enumerable.Repeat(double.NaN, config.Replicates).ToArray()).ToArray();
            for (int r = 0; r < config.Replicates; r++)
            {
                var run = plan.Run(config.Id, r);
                if (!folder.IsCompleted(run))
                {
                    missing.Add(run.Name);
                    continue;
                }
                var read = ReadRun(Path.Combine(folder.RunPath(run), RunFolder.MetricsFile), measures);
                for (int m = 0; m < measures.Count; m++)
                {
                    table[m][r] = read[m];
                }
            }
            values[config.Id] = table;
        }

        Dictionary<string, double[]> Values(Claim claim, ClaimCondition condition, Use use, int point, int replicates)
        {
            int m = measures.FindIndex(x => x.Key == condition.Measure.Key);
            return claim.Arms.ToDictionary(a => a.Name, a => values[plan.ConfigOf(claim.Id, a.Name, use, point)][m].Take(replicates).ToArray(), StringComparer.Ordinal);
        }

        var results = new List<ClaimResult>();
        foreach (var claim in plan.File.Claims)
        {
            var conditions = new List<ConditionResult>();
            foreach (var condition in claim.Conditions)
            {
                var with = Values(claim, condition, Use.Main, 0, plan.File.Replicates);
                var outcome = Outcome(condition, with);
                AblationOutcome? ablation = claim.Mechanisms.Count > 0
                    ? Ablation(condition, with, Values(claim, condition, Use.Ablation, 0, plan.File.Replicates))
                    : null;
                conditions.Add(new ConditionResult(condition, outcome, ablation));
            }
            var verdict = Combine(conditions.Where(c => c.Condition.Counts).Select(c => c.Default.Verdict));
            var tested = conditions.Where(c => c.Condition.MechanismTest).ToList();
            string? mechanism = claim.Mechanisms.Count == 0 ? null
                : tested.Any(c => c.Default.Verdict != Verdict.Supported) ? "not testable (no supported effect to remove)"
                : MechanismShown(tested.Select(c => c.Ablation!.Label)) ? "shown" : "not shown";
            RobustnessOutcome? robustness = null;
            if (plan.Points.Count > 0)
            {
                var perPoint = plan.Points.Select(p => (p.Index, (IReadOnlyList<(Effect, int)>)claim.Conditions.Where(c => c.Counts)
                    .Select(c => (EffectOf(c, Values(claim, c, Use.Robustness, p.Index, plan.File.Robustness.Replicates)), c.ExpectedSign)).ToList())).ToList();
                robustness = Robustness(perPoint, verdict);
            }
            results.Add(new ClaimResult(claim, conditions, verdict, mechanism, robustness));
        }
        return (results, missing);
    }

    /// <summary>Reduces one run's metrics.csv to the values of <paramref name="measures"/> (NaN when undefined).</summary>
    public static double[] ReadRun(string path, IReadOnlyList<Measure> measures)
    {
        using var reader = new StreamReader(path, AtomicFile.Utf8);
        var header = (reader.ReadLine() ?? throw new InvalidDataException($"{path}: empty file")).Split(',');
        int[] column = [.. measures.Select(m => Array.IndexOf(header, m.Metric))];
        if (column.Any(c => c < 0))
        {
            throw new InvalidDataException($"{path}: a metric column is missing");
        }
        var result = Enumerable.Repeat(double.NaN, measures.Count).ToArray();
        var sum = new double[measures.Count];
        var count = new int[measures.Count];
        var lastTick = new int[measures.Count];
        Array.Fill(lastTick, -1);
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var cells = line.Split(',');
            int tick = int.Parse(cells[0], CultureInfo.InvariantCulture);
            for (int m = 0; m < measures.Count; m++)
            {
                var measure = measures[m];
                if (cells[1] != measure.Scope)
                {
                    continue;
                }
                string cell = cells[column[m]];
                double value = cell.Length == 0 ? double.NaN : double.Parse(cell, CultureInfo.InvariantCulture);
                var st = measure.Statistic;
                switch (st.Kind)
                {
                    case "final" when tick > lastTick[m]:
                        lastTick[m] = tick;
                        result[m] = value;
                        break;
                    case "at-tick" when tick == st.Tick:
                        result[m] = value;
                        break;
                    case "mean" when tick >= st.From && (st.To is null || tick <= st.To) && !double.IsNaN(value):
                        sum[m] += value;
                        count[m]++;
                        break;
                }
            }
        }
        for (int m = 0; m < measures.Count; m++)
        {
            if (measures[m].Statistic.Kind == "mean")
            {
                result[m] = count[m] == 0 ? double.NaN : sum[m] / count[m];
            }
        }
        return result;
    }
}
