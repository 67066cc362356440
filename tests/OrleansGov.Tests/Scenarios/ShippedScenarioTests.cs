using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Scenarios;

/// <summary>The shipped scenario files and presets load and resolve to the documented structures.</summary>
public class ShippedScenarioTests
{
    private static readonly string[] ShippedNames =
        ["authority", "collaborative", "cooperative", "loose", "national", "small", "stress", "switch", "three-provinces"];

    [Fact]
    public void Presets_list_every_shipped_file_with_a_description()
    {
        var presets = ScenarioLoader.Presets();
        Assert.Equal(ShippedNames, presets.Select(p => p.Name));
        Assert.All(presets, p => Assert.False(string.IsNullOrWhiteSpace(p.Description), p.Name));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_preset_loads_and_matches_its_file_on_disk(string name)
    {
        var preset = ScenarioLoader.Load(name);
        Assert.Equal(name, preset.Name);
        Assert.False(string.IsNullOrWhiteSpace(preset.Description));

        var file = ScenarioLoader.Load(Path.Combine(RepoRoot(), "scenarios", name + ".yaml"));
        // Records with arrays compare by reference, so compare a value rendering.
        Assert.Equal(Render(preset), Render(file));
    }

    public static TheoryData<string> Names() => new(ShippedNames);

    [Fact]
    public void Three_provinces_has_the_real_structures_and_the_timeline()
    {
        var s = ScenarioLoader.Load("three-provinces");
        Assert.Equal(42UL, s.Seed);
        Assert.Equal(260, s.Ticks);
        Assert.Equal("authority", s.Mode);
        Assert.Equal(ScenarioDefaults.Modes["authority"], s.Dials);
        Assert.Equal(["guizhou", "chongqing", "guangxi"], s.Provinces.Select(p => p.Name));
        Assert.Equal([(9, 88), (0, 38), (14, 111)], s.Provinces.Select(p => (p.Cities, p.Counties)));
        Assert.Equal(ScenarioDefaults.Provinces["chongqing"], s.Provinces[1]);
        Assert.Equal(ScenarioDefaults.Departments, s.Departments);
        Assert.Equal(
            [
                new Intervention(104, InterventionKind.AttentionShift, Province: "guizhou", Value: 0.2),
                new Intervention(150, InterventionKind.AppointNationalChief),
            ],
            s.Timeline);
    }

    [Theory]
    [InlineData("loose", 0.2, 0.2, false)]
    [InlineData("authority", 0.85, 0.2, true)]
    [InlineData("cooperative", 0.2, 0.85, false)]
    [InlineData("collaborative", 0.85, 0.85, true)]
    public void Mode_files_differ_only_in_their_mode(string mode, double vertical, double horizontal, bool system)
    {
        var s = ScenarioLoader.Load(mode);
        Assert.Equal(mode, s.Mode);
        Assert.Equal(new Dials(vertical, horizontal), s.Dials);
        // A mode is dials and structure: loose and cooperative have no Cloud Chief system (docs/MODEL.md §5.4).
        Assert.Equal(system ? CloudChiefSystem.Full : CloudChiefSystem.None, s.System);
        Assert.All(s.Provinces, p => Assert.Null(p.System));
        Assert.Empty(s.Timeline);
        Assert.Equal(ScenarioDefaults.Levers, s.Levers);
        Assert.Equal(["guizhou", "chongqing", "guangxi"], s.Provinces.Select(p => p.Name));

        var reference = ScenarioLoader.Load("authority");
        Assert.Equal(Render(reference with { Name = "", Description = "", Mode = null, Dials = new Dials(0, 0), System = CloudChiefSystem.None }),
            Render(s with { Name = "", Description = "", Mode = null, Dials = new Dials(0, 0), System = CloudChiefSystem.None }));
    }

    [Fact]
    public void Switch_moves_two_provinces_to_other_modes_in_year_three()
    {
        var s = ScenarioLoader.Load("switch");
        Assert.Equal("2019-01-07", s.StartDate);
        Assert.Equal(CloudChiefSystem.Full, s.System);
        var events = s.Timeline.Where(e => e.Kind == InterventionKind.SetMode).ToArray();
        Assert.Equal([("guizhou", "collaborative", 0.85, 0.85, true), ("guangxi", "cooperative", 0.2, 0.85, false)],
            events.Select(e => (e.Province!, e.Mode!, e.Vertical!.Value, e.Horizontal!.Value, e.System!.Chiefs)));
        Assert.All(events, e => Assert.Equal(104, e.Tick));
    }

    [Fact]
    public void National_has_31_units_at_real_totals()
    {
        var s = ScenarioLoader.Load("national");
        Assert.Equal(31, s.Provinces.Length);
        Assert.Equal(333, s.Provinces.Sum(p => p.Cities));
        Assert.Equal(2843, s.Provinces.Sum(p => p.Counties));
        var municipalities = s.Provinces.Where(p => p.Cities == 0).Select(p => p.Name).Order();
        Assert.Equal(["beijing", "chongqing", "shanghai", "tianjin"], municipalities);
        Assert.Equal(["chongqing", "guangxi", "guizhou"], s.Provinces.Where(p => p.Preset is not null).Select(p => p.Name).Order());
        Assert.All(s.Provinces, p => Assert.InRange(p.Enterprises, 20, 60));
        Assert.All(s.Provinces, p => Assert.Equal(2, p.CitizenGroupsPerCounty));
    }

    [Fact]
    public void Small_is_small()
    {
        var s = ScenarioLoader.Load("small");
        Assert.Equal(30, s.Ticks);
        Assert.Equal(4, s.Departments.Length);
        Assert.Equal(2, s.Provinces.Length);
        Assert.All(s.Provinces, p => Assert.Equal((2, 5), (p.Cities, p.Counties)));
        Assert.NotEmpty(s.Timeline);
    }

    internal static string Render(Scenario s) => string.Join("\n",
        s with { Departments = [], Provinces = [], Timeline = [] },
        string.Join(",", s.Departments),
        string.Join("\n", s.Provinces.Select(p => p.ToString())),
        string.Join("\n", s.Timeline.Select(e => e.ToString())));

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansGov.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
