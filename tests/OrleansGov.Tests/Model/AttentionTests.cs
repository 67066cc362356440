using OrleansGov.Tests.Support;
using OrleansGov.Model;
using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Model;

public class AttentionTests
{
    private static readonly AttentionSettings Settings = ScenarioDefaults.Mechanisms.Attention;

    [Fact]
    public void Decay_moves_toward_the_baseline_by_the_decay_rate()
    {
        double a = 0.9;
        double expected = Settings.Baseline + (a - Settings.Baseline) * (1 - Settings.DecayPerTick);
        Assert.Equal(expected, Attention.Decay(a, Settings), 12);
        Assert.Equal(a, Attention.Decay(a, Settings with { Decay = false }));
        double low = 0.05; // below the baseline attention rises back to it
        Assert.True(Attention.Decay(low, Settings) > low);
    }

    [Fact]
    public void Refresh_and_follow_move_part_of_the_way()
    {
        Assert.Equal(0.2 + 0.5 * 0.8, Attention.Refresh(0.2, 0.5), 12);
        Assert.Equal(0.2 + 0.5 * (0.6 - 0.2), Attention.Follow(0.2, 0.6, 0.5), 12);
        Assert.Equal(0.7, Attention.Follow(0.7, 0.3, 0.9)); // a distracted leader never raises anyone
        Assert.Equal(1 - 0.5 * 0.6, Attention.Combine(0.5, 0.4), 12);
    }

    [Fact]
    public void Behind_plan_means_more_than_the_tolerance_below_the_plan_now()
    {
        // At tick 52 of 52 ticks/year the plan is 0.5; the tolerance is 0.05.
        var s = TestScenarios.Small();
        Assert.False(Plan.IsBehind(46, 100, 52, s));
        Assert.True(Plan.IsBehind(44, 100, 52, s));
        Assert.False(Plan.IsBehind(0, 0, 52, s));
        // Both are scenario constants.
        var strict = s with { Constants = s.Constants.With(Constants.BehindTolerance, 0.0).With(Constants.PlanYears, 1.0) };
        Assert.True(Plan.IsBehind(99, 100, 52, strict));
    }

    [Fact]
    public void Plan_target_reaches_all_systems_in_the_plan_years()
    {
        var s = TestScenarios.Small();
        Assert.Equal(0.0, Plan.Target(0, s));
        Assert.Equal(0.5, Plan.Target(52, s), 12);
        Assert.Equal(1.0, Plan.Target(500, s));
    }
}
