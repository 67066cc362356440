using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// The plan every chief pushes (all legacy systems on the unified cloud within <c>plan.years</c>) and
/// the one test of "behind plan" that departments, governments and the nation all use.
/// </summary>
public static class Plan
{
    /// <summary>The share of systems that should be on the cloud by <paramref name="tick"/>.</summary>
    public static double Target(int tick, Scenario scenario) =>
        Math.Min(1.0, tick / (scenario.Constants[Constants.PlanYears] * scenario.TicksPerYear));

    /// <summary>Behind plan: adoption more than <c>plan.behind-tolerance</c> below the plan at <paramref name="tick"/>.</summary>
    public static bool IsBehind(long migrated, long systems, int tick, Scenario scenario) =>
        systems > 0 && (double)migrated / systems < Target(tick, scenario) - scenario.Constants[Constants.BehindTolerance];
}
