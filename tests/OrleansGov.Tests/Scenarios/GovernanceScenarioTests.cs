using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Scenarios;

/// <summary>
/// Model 2.0's scenario keys (docs/MODEL.md §7.1): a mode brings dials and a Cloud Chief system,
/// provinces may have their own governance, <c>set-mode</c> events, <c>start-date</c>, and old files that
/// name a removed constant fail with a message saying what replaced it.
/// </summary>
public class GovernanceScenarioTests
{
    private const string Head = "name: x\nprovinces: [{ name: a, cities: 1, counties: 2 }, { name: b, cities: 1, counties: 2 }]\n";

    private static Scenario Parse(string more) => ScenarioLoader.Parse(Head + more, "g.yaml");

    private static void Fails(string more, int line, string? key, string reason)
    {
        var e = Assert.Throws<ScenarioException>(() => Parse(more));
        Assert.Equal((line, key), (e.Line, e.Key));
        Assert.Contains(reason, e.Message);
    }

    [Theory]
    [InlineData("loose", false)]
    [InlineData("authority", true)]
    [InlineData("cooperative", false)]
    [InlineData("collaborative", true)]
    public void A_mode_brings_its_cloud_chief_system(string mode, bool system)
    {
        var s = Parse($"mode: {mode}\n");
        Assert.Equal(system ? CloudChiefSystem.Full : CloudChiefSystem.None, s.System);
        Assert.Equal(s.System, s.SystemOf(1));
        Assert.Equal(ScenarioDefaults.Modes[mode], s.DialsOf(0));
    }

    [Fact]
    public void Without_a_mode_the_scenario_has_the_full_system_and_cloud_chief_system_overrides_any_part()
    {
        Assert.Equal(CloudChiefSystem.Full, Parse("").System);
        Assert.Equal(CloudChiefSystem.Full, Parse("dials: { vertical: 0.5, horizontal: 0.5 }\n").System);
        Assert.Equal(new CloudChiefSystem(true, true, false, 30), Parse("cloud-chief-system: { platform: false, start-tick: 30 }\n").System);
        Assert.Equal(new CloudChiefSystem(true, false, false), Parse("mode: loose\ncloud-chief-system: { chiefs: true }\n").System);
    }

    [Fact]
    public void A_province_may_have_its_own_mode_dials_and_system()
    {
        var s = ScenarioLoader.Parse("""
            name: x
            mode: authority
            provinces:
              - { name: a, cities: 1, counties: 2, mode: cooperative }
              - { name: b, cities: 1, counties: 2, dials: { horizontal: 0.6 }, cloud-chief-system: { start-tick: 20 } }
              - { name: c, cities: 1, counties: 2 }
            """, "p.yaml");
        Assert.Equal(("cooperative", new Dials(0.2, 0.85), CloudChiefSystem.None), (s.Provinces[0].Mode, s.DialsOf(0), s.SystemOf(0)));
        Assert.Equal((null, new Dials(0.85, 0.6), CloudChiefSystem.Full with { StartTick = 20 }), (s.Provinces[1].Mode, s.DialsOf(1), s.SystemOf(1)));
        Assert.Equal((new Dials(0.85, 0.2), CloudChiefSystem.Full), (s.DialsOf(2), s.SystemOf(2)));
        Assert.Null(s.Provinces[2].Dials);
    }

    [Fact]
    public void Set_mode_events_carry_the_modes_dials_and_structure_resolved_at_load_time()
    {
        var s = Parse("""
            timeline:
              - { tick: 10, event: set-mode, province: a, mode: cooperative }
              - { tick: 20, event: set-mode, mode: collaborative }
              - { tick: 30, event: set-dials, province: b, vertical: 0.4 }
            """);
        Assert.Equal(new Intervention(10, InterventionKind.SetMode, "a", Vertical: 0.2, Horizontal: 0.85, Mode: "cooperative", System: CloudChiefSystem.None), s.Timeline[0]);
        Assert.Equal(new Intervention(20, InterventionKind.SetMode, null, Vertical: 0.85, Horizontal: 0.85, Mode: "collaborative", System: CloudChiefSystem.Full), s.Timeline[1]);
        Assert.Equal(new Intervention(30, InterventionKind.SetDials, "b", Vertical: 0.4), s.Timeline[2]);
    }

    [Fact]
    public void Bad_governance_keys_name_their_line_and_key()
    {
        Fails("cloud-chief-system: { office: false }\n", 3, "cloud-chief-system.office", "a unified platform needs an office");
        Fails("cloud-chief-system: { platform: true, office: false }\n", 3, "cloud-chief-system.platform", "needs an office");
        Fails("cloud-chief-system: { start-tick: 300 }\n", 3, "cloud-chief-system.start-tick", "after the last tick");
        Fails("cloud-chief-system: { chief: true }\n", 3, "cloud-chief-system.chief", "unknown key 'chief'");
        Fails("timeline:\n  - { tick: 5, event: set-mode, mode: anarchy }\n", 4, "timeline[0].mode", "unknown mode 'anarchy'");
        Fails("timeline:\n  - { tick: 5, event: set-mode }\n", 4, "timeline[0]", "set-mode needs 'mode'");
        Fails("timeline:\n  - { tick: 5, event: set-mode, mode: loose, province: z }\n", 4, "timeline[0].province", "unknown province 'z'");
        Fails("start-date: 2020-13-01\n", 3, "start-date", "expected a date as yyyy-MM-dd");
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("name: x\nprovinces:\n  - { name: a, mode: calm }\n", "m.yaml"));
        Assert.Equal("provinces[0].mode", e.Key);
    }

    [Fact]
    public void A_start_date_gives_every_tick_a_calendar_date()
    {
        var s = Parse("start-date: 2019-01-07\n");
        Assert.Equal("2019-01-07", s.DateOf(0));
        Assert.Equal("2019-01-14", s.DateOf(1));
        Assert.Equal("2020-01-07", s.DateOf(52)); // a year of ticks is a calendar year
        Assert.Null(Parse("").DateOf(3));
    }

    [Fact]
    public void A_file_naming_a_constant_model_2_replaced_fails_with_what_replaced_it()
    {
        Fails("constants:\n  migration: { peer-effort-per-link: 0.05 }\n", 4, "constants.migration.peer-effort-per-link",
            "was removed in Model 2.0: peer learning is now a spillover");
        Fails("constants:\n  quality: { weight-adoption: 0.4 }\n", 4, "constants.quality.weight-adoption", "service quality now comes from the services delivered");
    }
}
