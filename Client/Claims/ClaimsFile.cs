using System.Globalization;
using OrleansGov.Client.Experiments;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Claims;

/// <summary>How one run is reduced to one number: the value at a tick, at the last tick, or the mean over a tick window.</summary>
/// <param name="Kind"><c>final</c>, <c>at-tick</c> or <c>mean</c>.</param>
/// <param name="Tick">The tick for <c>at-tick</c>.</param>
/// <param name="From">First tick of a <c>mean</c> window (inclusive); 0 by default.</param>
/// <param name="To">Last tick of a <c>mean</c> window (inclusive); the last tick by default.</param>
public sealed record ClaimStatistic(string Kind, int Tick = 0, int From = 0, int? To = null)
{
    public static readonly ClaimStatistic Final = new("final");

    public override string ToString() => Kind switch
    {
        "at-tick" => string.Create(CultureInfo.InvariantCulture, $"value at tick {Tick}"),
        "mean" when From == 0 && To is null => "mean over all ticks",
        "mean" => string.Create(CultureInfo.InvariantCulture, $"mean over ticks {From}–{(To is null ? "end" : To.Value.ToString(CultureInfo.InvariantCulture))}"),
        _ => "final value",
    };

    /// <summary>A short key for measure names: <c>final</c>, <c>t104</c>, <c>mean</c>, <c>mean0-103</c>.</summary>
    public string Key => Kind switch
    {
        "at-tick" => string.Create(CultureInfo.InvariantCulture, $"t{Tick}"),
        "mean" when From == 0 && To is null => "mean",
        "mean" => string.Create(CultureInfo.InvariantCulture, $"mean{From}-{(To is null ? "end" : To.Value.ToString(CultureInfo.InvariantCulture))}"),
        _ => "final",
    };
}

/// <summary>What one run is reduced to: a metric in a scope by a statistic.</summary>
public sealed record Measure(string Metric, string Scope, ClaimStatistic Statistic)
{
    public string Key => $"{Scope}:{Metric}:{Statistic.Key}";
}

/// <summary>
/// One condition of a claim: a linear contrast of arm means, expected to be positive (<c>a &gt; b</c>)
/// or negative (<c>a &lt; b</c>). <c>authority &gt; loose</c> has weights {authority: +1, loose: −1};
/// <c>high - low &gt; low - loose</c> has {high: +1, low: −2, loose: +1}.
/// </summary>
/// <param name="Counts">Whether the condition is part of the claim's verdict (false: reported for information only).</param>
/// <param name="MechanismTest">Whether the claim's mechanism is expected to produce this condition (its ablation label counts toward "mechanism shown").</param>
public sealed record ClaimCondition(string Expect, IReadOnlyDictionary<string, int> Weights, int ExpectedSign, Measure Measure, bool Counts, bool MechanismTest = true)
{
    /// <summary>A plain two-arm comparison (a − b), analysed with Welch's interval; anything else per replicate (paired seeds).</summary>
    public bool IsTwoArm => Weights.Count == 2 && Weights.Values.Count(w => w == 1) == 1 && Weights.Values.Count(w => w == -1) == 1;

    public string Positive => Weights.First(kv => kv.Value > 0).Key;

    public string Negative => Weights.First(kv => kv.Value < 0).Key;
}

/// <summary>One arm of a claim: its name and its parameter overrides (experiment parameter paths).</summary>
public sealed record ClaimArm(string Name, IReadOnlyList<(string Path, string Value)> Overrides);

/// <summary>One claim: its arms, conditions, the mechanism whose ablation should remove the effect, and the parameters robustness leaves to the arms.</summary>
public sealed record Claim(
    string Id,
    string Text,
    string Note,
    IReadOnlyList<ClaimArm> Arms,
    IReadOnlyList<ClaimCondition> Conditions,
    IReadOnlyList<string> Mechanisms,
    IReadOnlyList<string> RobustnessExclude);

/// <summary>The robustness design: a Latin hypercube over uncertain parameters, each point with a few replicates.</summary>
public sealed record RobustnessDesign(int Points, int Replicates, ulong Seed, IReadOnlyList<(string Path, double Min, double Max)> Ranges);

/// <summary>A parsed claims file, with every arm's scenario resolved (without seed).</summary>
public sealed record ClaimsFile(
    string Name,
    string Description,
    string ScenarioRef,
    bool TimelineRemoved,
    Scenario Base,
    ulong Seed,
    int Replicates,
    RobustnessDesign Robustness,
    IReadOnlyList<Claim> Claims)
{
    /// <summary>What the file's overrides dropped from the base scenario (e.g. events after a shorter <c>ticks</c>), for stderr.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
