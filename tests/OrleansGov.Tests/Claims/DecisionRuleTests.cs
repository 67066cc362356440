using OrleansGov.Client.Claims;

namespace OrleansGov.Tests.Claims;

/// <summary>
/// The decision rule on constructed intervals: each verdict reachable, each boundary at ±SESOI on the
/// right side; the claim-level combination; ablation labels and robustness against the SESOI.
/// </summary>
public sealed class DecisionRuleTests
{
    private const double Sesoi = 0.05;

    public static readonly TheoryData<double, double, int, Verdict> Intervals = new()
    {
        // Expected positive (a > b).
        { 0.06, 0.10, +1, Verdict.Supported },       // CI beyond +Δ
        { 0.05, 0.10, +1, Verdict.Inconclusive },    // touches +Δ: not beyond it
        { 0.02, 0.30, +1, Verdict.Inconclusive },    // excludes 0 but not Δ: the old rule's "supported"
        { -0.04, 0.04, +1, Verdict.Negligible },     // within ±Δ
        { 0.01, 0.04, +1, Verdict.Negligible },      // excludes 0, yet too small to matter
        { -0.05, 0.04, +1, Verdict.Inconclusive },   // touches −Δ: not within
        { -0.04, 0.05, +1, Verdict.Inconclusive },   // touches +Δ: not within
        { -0.10, -0.06, +1, Verdict.Opposite },      // beyond −Δ
        { -0.10, -0.05, +1, Verdict.Inconclusive },  // touches −Δ: not beyond it
        { -0.10, 0.10, +1, Verdict.Inconclusive },   // wide
        { 0.40, 0.40, +1, Verdict.Supported },       // zero-width interval (identical replicates)
        { 0.03, 0.03, +1, Verdict.Negligible },
        // Expected negative (a < b): the interval is mirrored.
        { -0.10, -0.06, -1, Verdict.Supported },
        { -0.10, -0.05, -1, Verdict.Inconclusive },
        { 0.06, 0.10, -1, Verdict.Opposite },
        { 0.05, 0.10, -1, Verdict.Inconclusive },
        { -0.04, 0.04, -1, Verdict.Negligible },
        { -0.04, -0.01, -1, Verdict.Negligible },
    };

    [Theory]
    [MemberData(nameof(Intervals))]
    public void The_interval_is_judged_against_the_smallest_effect_of_interest(double low, double high, int sign, Verdict expected) =>
        Assert.Equal(expected, DecisionRule.Of(low, high, sign, Sesoi));

    [Fact]
    public void An_undefined_interval_decides_nothing()
    {
        Assert.Equal(Verdict.Inconclusive, DecisionRule.Of(double.NaN, double.NaN, +1, Sesoi));
        Assert.Equal(Verdict.Inconclusive, DecisionRule.Of(0.1, double.PositiveInfinity, +1, Sesoi));
        Assert.Equal(Verdict.Inconclusive, DecisionRule.Of(0.1, 0.2, +1, double.NaN));
    }

    [Fact]
    public void The_same_interval_changes_verdict_with_the_margin()
    {
        // Fragmentation 0.006 [0.005, 0.007] lower under collaborative: any non-zero margin below 0.005 supports it, 0.05 makes it negligible.
        Assert.Equal(Verdict.Supported, DecisionRule.Of(-0.007, -0.005, -1, 0.001));
        Assert.Equal(Verdict.Negligible, DecisionRule.Of(-0.007, -0.005, -1, 0.05));
        Assert.Equal(Verdict.Inconclusive, DecisionRule.Of(-0.007, -0.005, -1, 0.006));
    }

    public static readonly TheoryData<Verdict[], Verdict> Combinations = new()
    {
        { [Verdict.Supported, Verdict.Supported], Verdict.Supported },
        { [Verdict.Supported, Verdict.Inconclusive], Verdict.Inconclusive },
        { [Verdict.Supported, Verdict.Negligible, Verdict.Inconclusive], Verdict.Negligible },
        { [Verdict.Negligible, Verdict.Opposite], Verdict.Opposite },
        { [Verdict.Supported, Verdict.Inconclusive, Verdict.Opposite], Verdict.Opposite },
        { [], Verdict.Inconclusive },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public void A_claim_is_opposite_then_negligible_then_supported_only_if_all_are(Verdict[] conditions, Verdict expected) =>
        Assert.Equal(expected, DecisionRule.Combine(conditions));

    public static readonly TheoryData<Verdict, Verdict, string> Ablations = new()
    {
        { Verdict.Negligible, Verdict.Supported, "disappears" },
        { Verdict.Negligible, Verdict.Inconclusive, "disappears" },
        { Verdict.Opposite, Verdict.Supported, "reverses" },
        { Verdict.Supported, Verdict.Supported, "shrinks" },
        { Verdict.Inconclusive, Verdict.Supported, "shrinks" },
        { Verdict.Supported, Verdict.Opposite, "grows" },
        { Verdict.Supported, Verdict.Negligible, "unchanged" },
        { Verdict.Supported, Verdict.Inconclusive, "inconclusive" },
        { Verdict.Inconclusive, Verdict.Inconclusive, "inconclusive" },
    };

    [Theory]
    [MemberData(nameof(Ablations))]
    public void Ablation_labels_follow_the_effect_without_and_the_reduction(Verdict without, Verdict reduction, string label) =>
        Assert.Equal(label, DecisionRule.AblationLabel(without, reduction));

    [Fact]
    public void A_mechanism_is_shown_only_when_every_tested_effect_disappears_reverses_or_shrinks()
    {
        Assert.True(DecisionRule.MechanismShown(["disappears", "shrinks", "reverses"]));
        Assert.False(DecisionRule.MechanismShown(["disappears", "unchanged"]));
        Assert.False(DecisionRule.MechanismShown(["shrinks", "inconclusive"]));
    }

    private static ClaimCondition Condition(int sign = +1, double sesoi = Sesoi, ClaimStatistic? statistic = null) =>
        new(sign > 0 ? "a > b" : "a < b", new Dictionary<string, int> { ["a"] = 1, ["b"] = -1 }, sign,
            new Measure("cloud_adoption", "nation", statistic ?? ClaimStatistic.Final), sesoi, Counts: true);

    [Fact]
    public void An_ablated_effect_that_still_excludes_zero_but_is_below_the_margin_disappears()
    {
        // With: a − b = 0.4 in every replicate. Without: 0.02, 0.02, 0.01 → mean 0.0167, t₂ CI [0.0023, 0.0310]:
        // excludes 0 (the old rule said "shrinks") but lies within ±0.05.
        var condition = Condition();
        var with = new Dictionary<string, double[]> { ["a"] = [0.5, 0.6, 0.7], ["b"] = [0.1, 0.2, 0.3] };
        var without = new Dictionary<string, double[]> { ["a"] = [0.12, 0.22, 0.31], ["b"] = [0.1, 0.2, 0.3] };
        var ablation = ClaimsEvaluation.Ablation(condition, with, without);
        Assert.True(ablation.Without.Effect.CiLow > 0);
        Assert.Equal(Verdict.Negligible, ablation.Without.Verdict);
        Assert.Equal("disappears", ablation.Label);
        Assert.Equal(0.4 - 0.05 / 3, ablation.Reduction.Value, 12);
        Assert.Equal((0.05 / 3) / 0.4, ablation.Ratio, 12);
    }

    [Fact]
    public void A_reduction_smaller_than_the_margin_leaves_the_effect_unchanged()
    {
        // With 0.078 per replicate (± noise), without 0.056: still supported without, and the 0.022 reduction is within ±0.05.
        var condition = Condition();
        var with = new Dictionary<string, double[]> { ["a"] = [0.620, 0.622, 0.621, 0.623], ["b"] = [0.543, 0.544, 0.543, 0.544] };
        var without = new Dictionary<string, double[]> { ["a"] = [0.599, 0.600, 0.600, 0.601], ["b"] = [0.543, 0.544, 0.543, 0.544] };
        Assert.Equal(Verdict.Supported, ClaimsEvaluation.Outcome(condition, with).Verdict);
        var ablation = ClaimsEvaluation.Ablation(condition, with, without);
        Assert.Equal(Verdict.Supported, ablation.Without.Verdict);
        Assert.Equal("unchanged", ablation.Label);
    }

    [Fact]
    public void Robustness_counts_points_whose_estimate_lies_beyond_the_margin()
    {
        var condition = Condition();
        ConditionOutcome At(double a, double b) => ClaimsEvaluation.Outcome(condition, new Dictionary<string, double[]>
        {
            ["a"] = [a, a + 0.01, a - 0.01],
            ["b"] = [b, b, b],
        });
        // 0.06 beyond 0.05 holds; 0.04 is positive but below the margin, so it does not (the old rule held it).
        var (holds, _) = ClaimsEvaluation.AtPoint([(condition, At(0.56, 0.5))]);
        Assert.True(holds);
        var (notHolds, verdict) = ClaimsEvaluation.AtPoint([(condition, At(0.54, 0.5))]);
        Assert.False(notHolds);
        Assert.NotEqual(Verdict.Supported, verdict);

        var perPoint = new List<(int, bool, Verdict)>
        {
            (1, true, Verdict.Supported), (2, true, Verdict.Inconclusive), (3, true, Verdict.Inconclusive),
            (4, true, Verdict.Inconclusive), (5, false, Verdict.Negligible),
        };
        var robust = ClaimsEvaluation.Robustness(perPoint, Verdict.Supported);
        Assert.Equal(0.8, robust.ShareHolds, 12);
        Assert.Equal(0.2, robust.ShareSupported, 12);
        Assert.False(robust.Fragile);
        perPoint[3] = (4, false, Verdict.Inconclusive);
        Assert.True(ClaimsEvaluation.Robustness(perPoint, Verdict.Supported).Fragile);
        Assert.False(ClaimsEvaluation.Robustness(perPoint, Verdict.Negligible).Fragile);
    }

    [Fact]
    public void A_milestone_some_runs_never_reach_is_inconclusive_and_does_not_hold()
    {
        // Time to reach a level: b is clearly slower, but one of its runs never got there (NaN); the
        // complete pairs alone would favour b, so the verdict is withheld.
        var condition = Condition(sign: -1, sesoi: 13, statistic: new ClaimStatistic("tick-at-least", Threshold: 0.5));
        var values = new Dictionary<string, double[]> { ["a"] = [40, 42, 41, 43], ["b"] = [90, 95, double.NaN, 92] };
        var outcome = ClaimsEvaluation.Outcome(condition, values);
        Assert.True(outcome.Censored);
        Assert.Equal(3, outcome.Effect.N);
        Assert.Equal(1, outcome.Effect.LeftOut);
        Assert.Equal(Verdict.Inconclusive, outcome.Verdict);
        Assert.False(ClaimsEvaluation.AtPoint([(condition, outcome)]).Holds);

        values["b"][2] = 91;
        var complete = ClaimsEvaluation.Outcome(condition, values);
        Assert.False(complete.Censored);
        Assert.Equal(Verdict.Supported, complete.Verdict);
    }
}
