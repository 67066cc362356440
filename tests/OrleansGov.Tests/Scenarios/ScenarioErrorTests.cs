using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Scenarios;

/// <summary>
/// Every class of bad input yields one <see cref="ScenarioException"/> whose message names the source,
/// the line and the key path (issue 2, section 9).
/// </summary>
public class ScenarioErrorTests
{
    private const string Source = "bad.yaml";

    private static ScenarioException Fails(string yaml, int line, string? key, string reason)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, Source));
        Assert.Equal(Source, e.Source);
        Assert.Equal(line, e.Line);
        Assert.Equal(key, e.Key);
        Assert.StartsWith($"{Source}:{line}:", e.Message);
        if (key is not null) Assert.Contains($": {key}: ", e.Message);
        Assert.Contains(reason, e.Message);
        return e;
    }

    [Fact]
    public void Message_has_the_documented_form()
    {
        var e = Fails("""
            name: x
            provinces:
              - name: a
              - name: b
                office:
                  rank: medium
            """, 6, "provinces[1].office.rank", "unknown rank");
        Assert.Equal("bad.yaml:6:13: provinces[1].office.rank: unknown rank 'medium' (expected low, leading-group, high)", e.Message);
        Assert.Equal(13, e.Column);
    }

    [Fact]
    public void Yaml_syntax_error()
    {
        var e = Fails("name: x\nmode: authority: loose\nprovinces: [{ name: a }]\n", 2, null, "YAML syntax error");
        Assert.DoesNotContain("Idx:", e.Message);
        Assert.IsType<YamlDotNet.Core.YamlException>(e.InnerException, exactMatch: false);
    }

    [Fact]
    public void Yaml_unclosed_bracket_points_at_its_line()
    {
        // YamlDotNet reports this one with an InvalidOperationException and no position of its own.
        Fails("""
            name: x
            provinces:
              - { name: a, cities: 2
            ticks: 10
            """, 3, null, "YAML syntax error");
    }

    [Fact]
    public void Duplicate_key() =>
        Fails("name: x\nticks: 5\nticks: 6\nprovinces: [{ name: a }]\n", 3, null, "Duplicate key");

    [Fact]
    public void Unknown_top_level_key() =>
        Fails("name: x\ncolour: red\nprovinces: [{ name: a }]\n", 2, "colour", "unknown key 'colour' (allowed in a scenario: name, description, seed");

    [Fact]
    public void Unknown_nested_key() =>
        Fails("""
            name: x
            provinces:
              - name: a
                office: { rank: high, grade: 3 }
            """, 4, "provinces[0].office.grade", "unknown key 'grade' (allowed in 'office': rank, break-in-ticks, upgrade-at-tick)");

    [Fact]
    public void Unknown_key_in_a_province() =>
        Fails("name: x\nprovinces:\n  - name: a\n    towns: 3\n", 4, "provinces[0].towns", "allowed in a province: preset, name, cities");

    [Fact]
    public void Unknown_scenario_preset()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load("no-such-preset"));
        Assert.Equal("no-such-preset", e.Source);
        Assert.Null(e.Line);
        Assert.StartsWith("no-such-preset: ", e.Message);
        Assert.Contains("known presets: authority, collaborative, cooperative, loose, national, small, stress, switch, three-provinces", e.Message);
    }

    [Fact]
    public void Unknown_province_preset() =>
        Fails("name: x\nprovinces:\n  - preset: guizhou\n  - preset: yunnan\n", 4, "provinces[1].preset",
            "unknown province preset 'yunnan' (expected guizhou, chongqing, guangxi)");

    [Fact]
    public void Unknown_mode() =>
        Fails("name: x\nmode: bossy\nprovinces: [{ name: a }]\n", 2, "mode", "unknown mode 'bossy' (expected loose, authority, cooperative, collaborative)");

    [Fact]
    public void Out_of_range_value() =>
        Fails("name: x\nprovinces: [{ name: a }]\nlevers:\n  accountability: 1.5\n", 4, "levers.accountability", "must be between 0 and 1 (got 1.5)");

    [Fact]
    public void Out_of_range_dial() =>
        Fails("name: x\ndials: { vertical: -0.1 }\nprovinces: [{ name: a }]\n", 2, "dials.vertical", "must be between 0 and 1");

    [Fact]
    public void Zero_ticks() =>
        Fails("name: x\nticks: 0\nprovinces: [{ name: a }]\n", 2, "ticks", "must be at least 1 (got 0)");

    [Fact]
    public void Negative_count() =>
        Fails("name: x\nprovinces:\n  - name: a\n    enterprises: -3\n", 4, "provinces[0].enterprises", "must not be negative (got -3)");

    [Fact]
    public void Negative_seed() =>
        Fails("name: x\nseed: -1\nprovinces: [{ name: a }]\n", 2, "seed", "must not be negative");

    [Fact]
    public void Wrong_type_text_for_a_number() =>
        Fails("name: x\nticks: many\nprovinces: [{ name: a }]\n", 2, "ticks", "expected a number, got 'many'");

    [Fact]
    public void Wrong_type_fraction_for_a_count() =>
        Fails("name: x\nprovinces:\n  - name: a\n    cities: 2.5\n", 4, "provinces[0].cities", "expected a whole number, got '2.5'");

    [Fact]
    public void Wrong_type_quoted_number() =>
        Fails("name: x\nprovinces: [{ name: a }]\npreconditions: { willingness: \"0.5\" }\n", 3, "preconditions.willingness", "expected a number, got the quoted text '0.5'");

    [Fact]
    public void Wrong_type_list_for_a_mapping() =>
        Fails("name: x\nprovinces: [{ name: a }]\nlevers: [1, 2]\n", 3, "levers", "expected a mapping of keys to values, got a list");

    [Fact]
    public void Wrong_type_boolean() =>
        Fails("name: x\nprovinces: [{ name: a }]\nmechanisms: { unified-platform: maybe }\n", 3, "mechanisms.unified-platform", "expected true or false, got 'maybe'");

    [Fact]
    public void Intervention_after_the_last_tick() =>
        Fails("""
            name: x
            ticks: 100
            provinces: [{ name: a }]
            timeline:
              - { tick: 50, event: appoint-national-chief }
              - { tick: 100, event: dismiss-national-chief }
            """, 6, "timeline[1].tick", "tick 100 is after the last tick (the run has 100 ticks, 0 to 99)");

    [Fact]
    public void Office_upgrade_after_the_last_tick() =>
        Fails("name: x\nticks: 30\nprovinces:\n  - name: a\n    office: { upgrade-at-tick: 52 }\n", 5,
            "provinces[0].office.upgrade-at-tick", "tick 52 is after the last tick");

    [Fact]
    public void Unknown_province_in_timeline() =>
        Fails("""
            name: x
            provinces: [{ preset: guizhou }, { name: north }]
            timeline:
              - { tick: 3, event: attention-shift, province: yunnan, value: 0.1 }
            """, 4, "timeline[0].province", "unknown province 'yunnan' (this scenario has guizhou, north)");

    [Fact]
    public void Unknown_lever() =>
        Fails("""
            name: x
            provinces: [{ name: a }]
            timeline:
              - { tick: 3, event: set-lever, lever: bribery, value: 0.1 }
            """, 4, "timeline[0].lever", "unknown lever 'bribery' (expected national-chief, accountability, linkage, outsourcing, participation)");

    [Fact]
    public void Unknown_event() =>
        Fails("name: x\nprovinces: [{ name: a }]\ntimeline:\n  - { tick: 3, event: coup }\n", 4, "timeline[0].event", "unknown event 'coup'");

    [Fact]
    public void Field_not_used_by_the_event() =>
        Fails("name: x\nprovinces: [{ name: a }]\ntimeline:\n  - { tick: 3, event: attention-shift, value: 0.2, lever: linkage }\n", 4,
            "timeline[0].lever", "unknown key 'lever' (allowed in attention-shift events: tick, event, province, value)");

    [Fact]
    public void Event_missing_a_required_field() =>
        Fails("name: x\nprovinces: [{ name: a }]\ntimeline:\n  - { tick: 3, event: set-lever, lever: linkage }\n", 4,
            "timeline[0]", "set-lever needs 'value'");

    [Fact]
    public void Duplicate_province_names() =>
        Fails("""
            name: x
            provinces:
              - preset: guizhou
              - name: north
              - preset: guangxi
                name: north
            """, 6, "provinces[2].name", "duplicate province name 'north'");

    [Fact]
    public void Duplicate_preset_without_a_name() =>
        Fails("name: x\nprovinces:\n  - preset: guizhou\n  - preset: guizhou\n", 4, "provinces[1].preset", "duplicate province name 'guizhou'");

    [Fact]
    public void Province_name_must_be_kebab_case() =>
        Fails("name: x\nprovinces:\n  - name: Inner Mongolia\n", 3, "provinces[0].name", "not a lowercase kebab-case name");

    [Fact]
    public void Fewer_counties_than_cities() =>
        Fails("name: x\nprovinces:\n  - name: a\n    cities: 5\n    counties: 3\n", 5, "provinces[0].counties", "counties (3) must be at least cities (5)");

    [Fact]
    public void Counties_beyond_agent_id_capacity() =>
        Fails("name: x\nprovinces:\n  - name: a\n    cities: 0\n    counties: 20000\n", 5, "provinces[0].counties", "counties per city fit in an agent id");

    [Fact]
    public void Missing_name() =>
        Fails("description: nameless\nprovinces: [{ name: a }]\n", 1, null, "missing required key 'name'");

    [Fact]
    public void Missing_provinces() =>
        Fails("name: x\n", 1, null, "missing required key 'provinces'");

    [Fact]
    public void Empty_province_list() =>
        Fails("name: x\nprovinces: []\n", 2, "provinces", "must list at least one province");

    [Fact]
    public void Duplicate_department() =>
        Fails("name: x\ndepartments: [health, health]\nprovinces: [{ name: a }]\n", 2, "departments[1]", "department 'health' is listed twice");

    [Fact]
    public void Province_given_as_a_bare_name() =>
        Fails("name: x\nprovinces:\n  - guizhou\n", 3, "provinces[0]", "write '- preset: guizhou' or '- name: guizhou'");

    [Fact]
    public void Top_level_must_be_a_mapping() =>
        Fails("- name: x\n", 1, null, "expected a mapping of keys to values at the top, got a list");

    [Fact]
    public void Empty_file()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("# only a comment\n", Source));
        Assert.Equal($"{Source}: the file is empty", e.Message);
    }

    [Fact]
    public void Missing_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "orleansgov-no-such-dir", "x.yaml");
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path));
        Assert.Equal(path, e.Source);
        Assert.Equal($"{path}: file not found", e.Message);
    }

    [Fact]
    public void A_file_on_disk_reports_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"orleansgov-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "name: x\nprovinces:\n  - name: a\n    counties: -1\n");
        try
        {
            var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path));
            Assert.StartsWith($"{path}:4:", e.Message);
            Assert.Equal("provinces[0].counties", e.Key);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
