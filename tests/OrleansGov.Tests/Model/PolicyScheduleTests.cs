using OrleansGov.Model;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Model;

public class PolicyScheduleTests
{
    private readonly Scenario _scenario = TestScenarios.Small();

    [Fact]
    public void Applies_global_events_from_their_tick_on()
    {
        var schedule = new PolicySchedule(_scenario);
        Assert.False(schedule.At(14).NationalChief);
        Assert.True(schedule.At(15).NationalChief);
        Assert.Equal(0.5, schedule.At(19).Linkage);
        Assert.Equal(0.8, schedule.At(20).Linkage);
        Assert.Equal(new Dials(0.85, 0.85), new Dials(schedule.At(24).Vertical, schedule.At(24).Horizontal));
        Assert.Equal(new Dials(0.6, 0.9), new Dials(schedule.At(25).Vertical, schedule.At(25).Horizontal));
    }

    [Fact]
    public void Targeted_events_become_notices_to_the_agents_they_concern()
    {
        var world = new World(_scenario);
        var schedule = new PolicySchedule(_scenario);
        var shift = Assert.Single(schedule.NoticesAt(12, world));
        Assert.Equal(world.ProvinceGovernment(0), shift.To);
        Assert.Equal(new InterventionNotice(InterventionKind.AttentionShift, 0.2), shift.Body);
        var upgrade = Assert.Single(schedule.NoticesAt(30, world));
        Assert.Equal(world.Office(1), upgrade.To);
        Assert.Empty(schedule.NoticesAt(15, world));
    }

    [Fact]
    public void An_event_without_province_reaches_every_province()
    {
        var scenario = _scenario with { Timeline = [new Intervention(3, InterventionKind.AttentionShift, Value: 0.1)] };
        var notices = new PolicySchedule(scenario).NoticesAt(3, new World(scenario));
        Assert.Equal(2, notices.Count);
    }
}
