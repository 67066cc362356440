using OrleansGov.Client.Experiments;

namespace OrleansGov.Client.Claims;

/// <summary>
/// The values of a claim's arms at one setting (the defaults, the mechanism switched off, or one
/// robustness point): for an arm and a measure, one value per replicate, index r = the r-th paired
/// seed; NaN where the value is undefined or the run is missing. All arms of a setting must be paired
/// (replicate r of every arm ran with the same seed).
/// </summary>
public delegate double[] ArmValues(string arm, Measure measure);

/// <summary>A condition at one setting: the arm means and the contrast over the complete paired replicates, and its verdict.</summary>
/// <param name="Censored">The measure is a milestone and some run never reached it: its time is unknown, so the verdict is inconclusive (dropping those runs would favour the arm that gets there).</param>
public sealed record ConditionOutcome(IReadOnlyList<(string Arm, SampleSummary Summary)> Arms, Effect Effect, Verdict Verdict, bool Censored = false);

/// <summary>The ablation of one condition: the effect without the mechanism, and the paired reduction s·(with − without).</summary>
/// <param name="Reduction">Per replicate s·(effect with − effect without), s the expected sign: positive = the mechanism carries the effect.</param>
/// <param name="Ratio">Effect without ÷ effect with (1 = unchanged, 0 = gone, negative = reversed).</param>
/// <param name="Label">disappears, reverses, shrinks, unchanged, grows or inconclusive (<see cref="DecisionRule.AblationLabel"/>).</param>
public sealed record AblationOutcome(ConditionOutcome Without, Effect Reduction, double Ratio, string Label);

/// <summary>Robustness of a claim over the Latin hypercube.</summary>
/// <param name="ShareHolds">Share of points where every counting condition's estimate lies beyond its SESOI in the expected direction.</param>
/// <param name="ShareSupported">Share of points where the claim is supported by the decision rule with the point's own 95% CIs.</param>
public sealed record RobustnessOutcome(int Points, double ShareHolds, double ShareSupported, bool Fragile, IReadOnlyList<(int Point, bool Holds, Verdict Verdict)> PerPoint);

public sealed record ConditionResult(ClaimCondition Condition, ConditionOutcome Default, AblationOutcome? Ablation);

public sealed record ClaimResult(Claim Claim, IReadOnlyList<ConditionResult> Conditions, Verdict Verdict, string? MechanismVerdict, RobustnessOutcome? Robustness);

/// <summary>
/// The evaluation of claims from the reduced values of their runs, with no files involved: a
/// function from the runs' outputs (<see cref="ArmValues"/> per setting) to per-claim results
/// (verdicts, ablation labels, robustness). <see cref="ClaimsAnalysis"/> feeds it from a claims
/// folder; other designs (e.g. claims over posterior parameter samples) can feed it their own runs.
/// </summary>
public static class ClaimsEvaluation
{
    /// <summary>Share of robustness points below which a supported claim is reported as fragile.</summary>
    public const double FragileBelow = 0.8;

    public const string NotTestable = "not testable (no supported effect to remove)";

    /// <summary>Evaluates one claim: its conditions at the defaults, their ablation (when <paramref name="ablated"/> is given and the claim has a mechanism), and robustness over <paramref name="points"/>.</summary>
    public static ClaimResult Evaluate(Claim claim, ArmValues main, ArmValues? ablated = null, IReadOnlyList<(int Point, ArmValues Values)>? points = null)
    {
        var conditions = new List<ConditionResult>();
        foreach (var condition in claim.Conditions)
        {
            var with = ValuesOf(condition, main);
            var outcome = Outcome(condition, with);
            var ablation = ablated is not null && claim.Mechanisms.Count > 0 ? Ablation(condition, with, ValuesOf(condition, ablated)) : null;
            conditions.Add(new ConditionResult(condition, outcome, ablation));
        }
        var verdict = DecisionRule.Combine(conditions.Where(c => c.Condition.Counts).Select(c => c.Default.Verdict));
        var tested = conditions.Where(c => c.Condition.MechanismTest).ToList();
        string? mechanism = claim.Mechanisms.Count == 0 || ablated is null ? null
            : tested.Any(c => c.Default.Verdict != Verdict.Supported) ? NotTestable
            : DecisionRule.MechanismShown(tested.Select(c => c.Ablation!.Label)) ? "shown" : "not shown";
        RobustnessOutcome? robustness = null;
        if (points is { Count: > 0 })
        {
            var perPoint = points.Select(p =>
            {
                var (holds, v) = AtPoint([.. claim.Conditions.Where(c => c.Counts).Select(c => (c, Outcome(c, ValuesOf(c, p.Values))))]);
                return (p.Point, holds, v);
            }).ToList();
            robustness = Robustness(perPoint, verdict);
        }
        return new ClaimResult(claim, conditions, verdict, mechanism, robustness);
    }

    /// <summary>A condition's arm means, contrast and verdict from per-arm replicate values (arm → values, index = replicate).</summary>
    public static ConditionOutcome Outcome(ClaimCondition condition, IReadOnlyDictionary<string, double[]> values)
    {
        var effect = PairedContrast.Estimate(condition.Weights, values);
        var arms = condition.Weights.Keys.Select(a => (a, PairedContrast.Arm(a, condition.Weights, values))).ToList();
        bool censored = condition.Measure.Statistic.IsMilestone && effect.LeftOut > 0;
        var verdict = censored ? Verdict.Inconclusive : DecisionRule.Of(effect, condition.ExpectedSign, condition.Sesoi);
        return new ConditionOutcome(arms, effect, verdict, censored);
    }

    /// <summary>The ablation of a condition: its outcome without the mechanism, and the paired reduction judged against the condition's SESOI.</summary>
    public static AblationOutcome Ablation(ClaimCondition condition, IReadOnlyDictionary<string, double[]> with, IReadOnlyDictionary<string, double[]> without)
    {
        var outcome = Outcome(condition, without);
        var reduction = PairedContrast.Reduction(condition.Weights, condition.ExpectedSign, with, without);
        double withValue = PairedContrast.Estimate(condition.Weights, with).Value;
        double ratio = withValue != 0 ? outcome.Effect.Value / withValue : double.NaN;
        var reductionVerdict = condition.Measure.Statistic.IsMilestone && reduction.LeftOut > 0
            ? Verdict.Inconclusive
            : DecisionRule.Of(reduction, 1, condition.Sesoi);
        return new AblationOutcome(outcome, reduction, ratio, DecisionRule.AblationLabel(outcome.Verdict, reductionVerdict));
    }

    /// <summary>A robustness point: it holds when every counting condition's estimate lies beyond its SESOI in the expected direction (none censored); its verdict is the decision rule with the point's CIs.</summary>
    public static (bool Holds, Verdict Verdict) AtPoint(IReadOnlyList<(ClaimCondition Condition, ConditionOutcome Outcome)> counting) =>
        (counting.All(c => !c.Outcome.Censored && DecisionRule.Holds(c.Outcome.Effect, c.Condition.ExpectedSign, c.Condition.Sesoi)),
         DecisionRule.Combine(counting.Select(c => c.Outcome.Verdict)));

    /// <summary>The robustness shares; a claim supported at the defaults that holds at fewer than <see cref="FragileBelow"/> of the points is fragile.</summary>
    public static RobustnessOutcome Robustness(IReadOnlyList<(int Point, bool Holds, Verdict Verdict)> perPoint, Verdict atDefaults)
    {
        int n = perPoint.Count;
        double holds = n == 0 ? double.NaN : perPoint.Count(p => p.Holds) / (double)n;
        double supported = n == 0 ? double.NaN : perPoint.Count(p => p.Verdict == Verdict.Supported) / (double)n;
        bool fragile = atDefaults == Verdict.Supported && n > 0 && holds < FragileBelow;
        return new RobustnessOutcome(n, holds, supported, fragile, perPoint);
    }

    private static Dictionary<string, double[]> ValuesOf(ClaimCondition condition, ArmValues values) =>
        condition.Weights.Keys.ToDictionary(arm => arm, arm => values(arm, condition.Measure), StringComparer.Ordinal);
}
