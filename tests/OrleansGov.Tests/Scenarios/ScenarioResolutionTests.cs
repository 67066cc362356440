using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Scenarios;

/// <summary>How a scenario file resolves: defaults, mode presets, explicit dials, province overrides.</summary>
public class ScenarioResolutionTests
{
    private static Scenario Parse(string yaml) => ScenarioLoader.Parse(yaml, "test.yaml");

    [Fact]
    public void A_minimal_file_takes_every_default()
    {
        var s = Parse("""
            name: minimal
            provinces:
              - name: north
            """);
        Assert.Equal(ScenarioDefaults.Seed, s.Seed);
        Assert.Equal(ScenarioDefaults.Ticks, s.Ticks);
        Assert.Equal(ScenarioDefaults.TicksPerYear, s.TicksPerYear);
        Assert.Equal(ScenarioDefaults.DefaultMode, s.Mode);
        Assert.Equal(ScenarioDefaults.Modes[ScenarioDefaults.DefaultMode], s.Dials);
        Assert.Equal(ScenarioDefaults.Departments, s.Departments);
        Assert.Equal(ScenarioDefaults.SyntheticProvince("north"), Assert.Single(s.Provinces));
        Assert.Equal(ScenarioDefaults.Mechanisms, s.Mechanisms);
        Assert.Equal(ScenarioDefaults.Levers, s.Levers);
        Assert.Equal(ScenarioDefaults.Preconditions, s.Preconditions);
        Assert.Empty(s.Timeline);
        Assert.Equal("", s.Description);
    }

    [Theory]
    [InlineData("loose", 0.2, 0.2)]
    [InlineData("authority", 0.85, 0.2)]
    [InlineData("cooperative", 0.2, 0.85)]
    [InlineData("collaborative", 0.85, 0.85)]
    public void Mode_sets_both_dials(string mode, double vertical, double horizontal)
    {
        var s = Parse($"name: m\nmode: {mode}\nprovinces: [{{ name: a }}]\n");
        Assert.Equal(mode, s.Mode);
        Assert.Equal(new Dials(vertical, horizontal), s.Dials);
    }

    [Fact]
    public void An_explicit_dial_overrides_the_mode_and_keeps_its_name()
    {
        var s = Parse("name: m\nmode: cooperative\ndials: { vertical: 0.5 }\nprovinces: [{ name: a }]\n");
        Assert.Equal("cooperative", s.Mode);
        Assert.Equal(new Dials(0.5, 0.85), s.Dials);
    }

    [Fact]
    public void Both_dials_without_a_mode_leave_the_mode_unnamed()
    {
        var s = Parse("name: m\ndials: { vertical: 0.6, horizontal: 0.4 }\nprovinces: [{ name: a }]\n");
        Assert.Null(s.Mode);
        Assert.Equal(new Dials(0.6, 0.4), s.Dials);
    }

    [Fact]
    public void A_province_field_overrides_its_preset_and_the_rest_is_kept()
    {
        var s = Parse("""
            name: o
            ticks: 100
            provinces:
              - preset: guizhou
                enterprises: 60
                office: { rank: leading-group }
              - preset: chongqing
                name: chongqing-b
                office: { upgrade-at-tick: none }
            """);
        var gz = ScenarioDefaults.Provinces["guizhou"];
        Assert.Equal(gz with { Enterprises = 60, Office = gz.Office with { Rank = OfficeRank.LeadingGroup } }, s.Provinces[0]);
        var cq = s.Provinces[1];
        Assert.Equal("chongqing-b", cq.Name);
        Assert.Equal("chongqing", cq.Preset);
        Assert.Null(cq.Office.UpgradeAtTick);
        Assert.Equal(ScenarioDefaults.Provinces["chongqing"].Chiefs, cq.Chiefs);
    }

    [Fact]
    public void Every_setting_is_read()
    {
        var s = Parse("""
            name: full
            description: all keys
            seed: 18446744073709551615
            ticks: 20
            ticks-per-year: 12
            departments: [health, transport]
            provinces:
              - name: north
                cities: 3
                counties: 7
                enterprises: 5
                citizen-groups-per-county: 1
                chiefs: { city: false, county: false, first-chief: true, system-chiefs: 2, meeting-interval: 3 }
                office: { rank: high, break-in-ticks: 2, upgrade-at-tick: 19 }
                platform: { base-databases: 3, theme-databases: 0 }
            mechanisms:
              attention: { decay: false, decay-per-tick: 0.1, baseline: 0.2, initial: 0.3, meeting-boost: 0.4, directive-refresh: 0.6, accountability-boost: 0.7 }
              overlapping-structures: false
              unified-platform: false
              negotiation: { timeout-ticks: 2, max-rounds: 0, request-rate: 1 }
              directive-binding: false
              horizontal-coordination: false
              peer-learning: false
              sanctions-curb-obstruction: false
              arbitration: false
              responsiveness: false
            levers: { national-chief: true, accountability: 0.1, linkage: 0.2, outsourcing: 0.3, participation: 0.4 }
            preconditions: { willingness: 0.9, social-maturity: 0.8 }
            timeline:
              - { tick: 0, event: attention-shift, value: 0.1 }
              - { tick: 1, event: set-dials, horizontal: 1 }
              - { tick: 2, event: set-lever, lever: outsourcing, value: 0.5 }
              - { tick: 3, event: upgrade-office, province: north }
              - { tick: 19, event: dismiss-national-chief }
            """);
        Assert.Equal(ulong.MaxValue, s.Seed);
        Assert.Equal((20, 12), (s.Ticks, s.TicksPerYear));
        Assert.Equal(["health", "transport"], s.Departments);
        Assert.Equal(new ProvinceSpec("north", null, 3, 7, 5, 1,
            new ChiefStructure(false, false, true, 2, 3), new OfficeSpec(OfficeRank.High, 2, 19), new PlatformSpec(3, 0)), s.Provinces[0]);
        Assert.Equal(new Mechanisms(new AttentionSettings(false, 0.1, 0.2, 0.3, 0.4, 0.6, 0.7), false, false,
            new NegotiationSettings(2, 0, 1), false, false, false, false, false, false), s.Mechanisms);
        Assert.Equal(new Levers(true, 0.1, 0.2, 0.3, 0.4), s.Levers);
        Assert.Equal(new Preconditions(0.9, 0.8), s.Preconditions);
        Assert.Equal(
            [
                new Intervention(0, InterventionKind.AttentionShift, Value: 0.1),
                new Intervention(1, InterventionKind.SetDials, Horizontal: 1),
                new Intervention(2, InterventionKind.SetLever, Lever: "outsourcing", Value: 0.5),
                new Intervention(3, InterventionKind.UpgradeOffice, Province: "north"),
                new Intervention(19, InterventionKind.DismissNationalChief),
            ],
            s.Timeline);
    }
}
