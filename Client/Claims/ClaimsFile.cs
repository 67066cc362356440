using System.Globalization;
using OrleansGov.Client.Experiments;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Claims;

/// <summary>
/// How one run is reduced to one number: the value at a tick, at the last tick, the mean over a tick
/// window, or a milestone (the first tick at which the metric is at least / at most a threshold;
/// undefined, NaN, when the run never gets there).
/// </summary>
/// <param name="Kind"><c>final</c>, <c>at-tick</c>, <c>mean</c>, <c>tick-at-least</c> or <c>tick-at-most</c>.</param>
/// <param name="Tick">The tick for <c>at-tick</c>.</param>
/// <param name="From">First tick of a <c>mean</c> window (inclusive); 0 by default.</param>
/// <param name="To">Last tick of a <c>mean</c> window (inclusive); the last tick by default.</param>
/// <param name="Threshold">The threshold of a milestone.</param>
public sealed record ClaimStatistic(string Kind, int Tick = 0, int From = 0, int? To = null, double Threshold = 0)
{
    public static readonly ClaimStatistic Final = new("final");

    /// <summary>A milestone's value is a tick, not the metric: its smallest effect of interest is in ticks.</summary>
    public bool IsMilestone => Kind is "tick-at-least" or "tick-at-most";

    /// <summary>Whether <paramref name="value"/> has reached a milestone's threshold.</summary>
    public bool Reached(double value) => Kind == "tick-at-least" ? value >= Threshold : value <= Threshold;

    public override string ToString() => Kind switch
    {
        "at-tick" => string.Create(CultureInfo.InvariantCulture, $"value at tick {Tick}"),
        "mean" when From == 0 && To is null => "mean over all ticks",
        "mean" => string.Create(CultureInfo.InvariantCulture, $"mean over ticks {From}–{(To is null ? "end" : To.Value.ToString(CultureInfo.InvariantCulture))}"),
        "tick-at-least" => string.Create(CultureInfo.InvariantCulture, $"first tick with value ≥ {Threshold}"),
        "tick-at-most" => string.Create(CultureInfo.InvariantCulture, $"first tick with value ≤ {Threshold}"),
        _ => "final value",
    };

    /// <summary>A short key for measure names: <c>final</c>, <c>t104</c>, <c>mean</c>, <c>mean0-103</c>, <c>ge0.5</c>, <c>le0.5</c>.</summary>
    public string Key => Kind switch
    {
        "at-tick" => string.Create(CultureInfo.InvariantCulture, $"t{Tick}"),
        "mean" when From == 0 && To is null => "mean",
        "mean" => string.Create(CultureInfo.InvariantCulture, $"mean{From}-{(To is null ? "end" : To.Value.ToString(CultureInfo.InvariantCulture))}"),
        "tick-at-least" => string.Create(CultureInfo.InvariantCulture, $"ge{Threshold:R}"),
        "tick-at-most" => string.Create(CultureInfo.InvariantCulture, $"le{Threshold:R}"),
        _ => "final",
    };
}

/// <summary>What one run is reduced to: a metric in a scope by a statistic.</summary>
public sealed record Measure(string Metric, string Scope, ClaimStatistic Statistic)
{
    /// <summary>The key under which a smallest effect of interest is declared: the metric, or <c>ticks</c> for a milestone.</summary>
    public const string TicksKey = "ticks";

    public string Key => $"{Scope}:{Metric}:{Statistic.Key}";

    /// <summary>The metric's key in a <c>sesoi:</c> table, or <see cref="TicksKey"/> when the measure is a milestone (a tick).</summary>
    public string SesoiKey => Statistic.IsMilestone ? TicksKey : Metric;

    /// <summary>The natural unit of the measure's values: the metric's unit, or ticks for a milestone.</summary>
    public string Unit => Statistic.IsMilestone ? "ticks" : MetricInfo.Unit(Metric);
}

/// <summary>
/// One condition of a claim: a linear contrast of arm means, expected to be positive (<c>a &gt; b</c>)
/// or negative (<c>a &lt; b</c>). <c>authority &gt; loose</c> has weights {authority: +1, loose: −1};
/// <c>high - low &gt; low - loose</c> has {high: +1, low: −2, loose: +1}.
/// </summary>
/// <param name="Sesoi">The smallest effect of interest, in the measure's natural units (&gt; 0): the decision rule's margin (<see cref="DecisionRule"/>).</param>
/// <param name="Counts">Whether the condition is part of the claim's verdict (false: reported for information only).</param>
/// <param name="MechanismTest">Whether the claim's mechanism is expected to produce this condition (its ablation label counts toward "mechanism shown").</param>
public sealed record ClaimCondition(string Expect, IReadOnlyDictionary<string, int> Weights, int ExpectedSign, Measure Measure, double Sesoi, bool Counts, bool MechanismTest = true);

/// <summary>One arm of a claim: its name and its parameter overrides (experiment parameter paths).</summary>
public sealed record ClaimArm(string Name, IReadOnlyList<(string Path, string Value)> Overrides);

/// <summary>Whether a claim's result is written into a rule or comes from interactions (docs/CLAIMS.md, "Encoded or emergent").</summary>
public enum ClaimKind { Encoded, Emergent }

/// <summary>A claim's label with the argument for it.</summary>
/// <param name="Kind"><see cref="ClaimKind.Encoded"/>: the mechanism the claim rests on is a direct term of a rule; <see cref="ClaimKind.Emergent"/>: no single rule states it.</param>
/// <param name="Argument">Why: which rule terms, or which interactions.</param>
public sealed record ClaimLabel(ClaimKind Kind, string Argument)
{
    public string Name => Kind == ClaimKind.Encoded ? "encoded" : "emergent";
}

/// <summary>One claim: its label, arms, conditions, the mechanism whose ablation should remove the effect, and the parameters robustness leaves to the arms.</summary>
public sealed record Claim(
    string Id,
    string Text,
    string Note,
    ClaimLabel Label,
    IReadOnlyList<ClaimArm> Arms,
    IReadOnlyList<ClaimCondition> Conditions,
    IReadOnlyList<string> Mechanisms,
    IReadOnlyList<string> RobustnessExclude);

/// <summary>The robustness design: a Latin hypercube over uncertain parameters, each point with a few replicates.</summary>
public sealed record RobustnessDesign(int Points, int Replicates, ulong Seed, IReadOnlyList<(string Path, double Min, double Max)> Ranges);

/// <summary>A parsed claims file, with every arm's scenario resolved (without seed).</summary>
/// <param name="Sesoi">The file's smallest effects of interest: metric (or <c>ticks</c>) → value in natural units.</param>
public sealed record ClaimsFile(
    string Name,
    string Description,
    string ScenarioRef,
    bool TimelineRemoved,
    Scenario Base,
    ulong Seed,
    int Replicates,
    RobustnessDesign Robustness,
    IReadOnlyDictionary<string, double> Sesoi,
    IReadOnlyList<Claim> Claims);
