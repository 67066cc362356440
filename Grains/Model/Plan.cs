namespace OrleansGov.Model;

/// <summary>
/// The plan every chief pushes (all legacy systems on the unified cloud within
/// <see cref="ModelConstants.PlanYears"/>) and the one test of "behind plan" that departments,
/// governments and the nation all use.
/// </summary>
public static class Plan
{
    /// <summary>The share of systems that should be on the cloud by <paramref name="tick"/>.</summary>
    public static double Target(int tick, int ticksPerYear) =>
        Math.Min(1.0, tick / (ModelConstants.PlanYears * ticksPerYear));

    /// <summary>Behind plan: adoption more than <see cref="ModelConstants.BehindTolerance"/> below the plan at <paramref name="tick"/>.</summary>
    public static bool IsBehind(long migrated, long systems, int tick, int ticksPerYear) =>
        systems > 0 && (double)migrated / systems < Target(tick, ticksPerYear) - ModelConstants.BehindTolerance;
}
