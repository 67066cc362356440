using OrleansGov.Model;

namespace OrleansGov.Scenarios;

/// <summary>
/// Parses <c>provinces:</c>. Each item starts from a real-province preset (<c>preset: guizhou</c>) or
/// from <see cref="ScenarioDefaults.SyntheticProvince"/>, and any field given overrides it. Also
/// enforces what the agent ids can address (<see cref="AgentId"/> capacity), so a too-large scenario
/// fails here with a message rather than deep inside an engine.
/// </summary>
internal static class ProvinceParser
{
    private static readonly string[] Keys =
        ["preset", "name", "cities", "counties", "enterprises", "citizen-groups-per-county", "chiefs", "office", "platform",
         "mode", "dials", "cloud-chief-system"];

    private static readonly IReadOnlyDictionary<string, OfficeRank> Ranks = new Dictionary<string, OfficeRank>(StringComparer.Ordinal)
    {
        ["low"] = OfficeRank.Low,
        ["leading-group"] = OfficeRank.LeadingGroup,
        ["high"] = OfficeRank.High,
    };

    /// <summary>Province numbers are stored in 8 bits, +1 so that 0 means "none".</summary>
    private const int MaxProvinces = AgentId.MaxProvince + 1;

    public static ProvinceSpec[] ParseAll(YamlMap root, int ticks, Dials scenarioDials, CloudChiefSystem scenarioSystem)
    {
        var items = root.Sequence("provinces") ?? throw root.Error("missing required key 'provinces'");
        if (items.Count == 0)
        {
            throw root.ValueError("provinces", "must list at least one province");
        }
        if (items.Count > MaxProvinces)
        {
            throw root.ValueError("provinces", $"at most {MaxProvinces} provinces fit in an agent id (got {items.Count})");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        var result = new ProvinceSpec[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            var (node, path) = items[i];
            if (node is YamlDotNet.RepresentationModel.YamlScalarNode { Value: { } bare })
            {
                // A common slip: listing names instead of mappings.
                throw root.Error(node, path, $"expected a mapping, got '{bare}' (write '- preset: {bare}' or '- name: {bare}')");
            }
            var map = root.Item(node, path);
            var spec = Parse(map, ticks, scenarioDials, scenarioSystem);
            if (!names.Add(spec.Name))
            {
                var where = map.Value("name") ?? map.Value("preset") ?? map.Node;
                throw map.Error(where, map.Child(map.Has("name") ? "name" : "preset"),
                    $"duplicate province name '{spec.Name}' (give each province its own 'name')");
            }
            result[i] = spec;
        }
        return result;
    }

    private static ProvinceSpec Parse(YamlMap map, int ticks, Dials scenarioDials, CloudChiefSystem scenarioSystem)
    {
        map.AllowOnly(Keys, "a province");

        var presetName = map.String("preset");
        ProvinceSpec? preset = null;
        if (presetName is not null && !ScenarioDefaults.Provinces.TryGetValue(presetName, out preset))
        {
            throw map.ValueError("preset", $"unknown province preset '{presetName}' (expected {string.Join(", ", ScenarioDefaults.Provinces.Keys)})");
        }
        var name = map.String("name") ?? presetName ?? throw map.Error("a province needs a 'name' or a 'preset'");
        if (!YamlMap.IsKebabCase(name))
        {
            throw map.ValueError("name", $"'{name}' is not a lowercase kebab-case name (like 'inner-mongolia')");
        }
        var baseSpec = preset ?? ScenarioDefaults.SyntheticProvince(name);

        var cities = map.Int("cities", 0) ?? baseSpec.Cities;
        var counties = map.Int("counties", 1) ?? baseSpec.Counties;
        CheckLayout(map, cities, counties);

        var spec = baseSpec with
        {
            Name = name,
            Cities = cities,
            Counties = counties,
            Enterprises = map.Int("enterprises", 0, AgentId.MaxIndex + 1) ?? baseSpec.Enterprises,
            CitizenGroupsPerCounty = map.Int("citizen-groups-per-county", 0, AgentId.MaxIndex + 1) ?? baseSpec.CitizenGroupsPerCounty,
            Chiefs = Chiefs(map.Map("chiefs"), baseSpec.Chiefs),
            Office = Office(map.Map("office"), baseSpec.Office, ticks),
            Platform = Platform(map.Map("platform"), baseSpec.Platform),
        };
        return Governance(map, spec, ticks, scenarioDials, scenarioSystem);
    }

    /// <summary>
    /// The province's own mode, dials and Cloud Chief system, when it states any: a mode brings its
    /// dials and structure (docs/MODEL.md §5.4), explicit dials and <c>cloud-chief-system</c> keys
    /// override them. A province that states none keeps the scenario's (null fields).
    /// </summary>
    private static ProvinceSpec Governance(YamlMap map, ProvinceSpec spec, int ticks, Dials scenarioDials, CloudChiefSystem scenarioSystem)
    {
        var mode = map.String("mode");
        if (mode is not null) ScenarioParser.CheckMode(map, "mode", mode);
        var dialsMap = map.Map("dials");
        dialsMap?.AllowOnly(["vertical", "horizontal"]);
        var systemMap = map.Map("cloud-chief-system");
        var baseDials = mode is null ? scenarioDials : ScenarioDefaults.Modes[mode];
        var baseSystem = mode is null ? scenarioSystem : ScenarioDefaults.ModeSystems[mode];
        Dials? dials = mode is null && dialsMap is null ? null
            : new Dials(dialsMap?.Fraction("vertical") ?? baseDials.Vertical, dialsMap?.Fraction("horizontal") ?? baseDials.Horizontal);
        CloudChiefSystem? system = mode is null && systemMap is null ? null
            : SettingsParser.CloudChiefSystem(systemMap, baseSystem, ticks);
        return spec with { Mode = mode, Dials = dials, System = system };
    }

    /// <summary>Every city needs a county, and the counties of one city (or of a city-less province) must fit in an id.</summary>
    private static void CheckLayout(YamlMap map, int cities, int counties)
    {
        // Point at whichever count the user wrote; a preset's own counts are always consistent.
        var key = map.Has("counties") ? "counties" : map.Has("cities") ? "cities" : null;
        ScenarioException Fail(string reason) => key is null ? map.Error(reason) : map.ValueError(key, reason);

        if (cities > AgentId.MaxCity + 1)
        {
            throw Fail($"at most {AgentId.MaxCity + 1} cities fit in an agent id (got {cities})");
        }
        if (counties < cities)
        {
            throw Fail($"counties ({counties}) must be at least cities ({cities}): every city needs a county");
        }
        var perCity = cities == 0 ? counties : (counties + cities - 1) / cities;
        if (perCity > AgentId.MaxCounty + 1)
        {
            throw Fail($"at most {AgentId.MaxCounty + 1} counties per city fit in an agent id (got {perCity})");
        }
    }

    private static ChiefStructure Chiefs(YamlMap? map, ChiefStructure d)
    {
        if (map is null) return d;
        map.AllowOnly(["city", "county", "first-chief", "system-chiefs", "meeting-interval"]);
        return new ChiefStructure(
            map.Bool("city") ?? d.CityChiefs,
            map.Bool("county") ?? d.CountyChiefs,
            map.Bool("first-chief") ?? d.FirstChief,
            map.Int("system-chiefs", 0) ?? d.SystemChiefs,
            map.Int("meeting-interval", 0) ?? d.MeetingInterval);
    }

    private static OfficeSpec Office(YamlMap? map, OfficeSpec d, int ticks)
    {
        // A preset's own upgrade after the run's end (Chongqing's at 52 in a 26-tick run) cannot happen:
        // it is dropped, as --ticks drops it, so the resolved scenario never shows it (issue 14 item 9).
        if (d.UpgradeAtTick >= ticks) d = d with { UpgradeAtTick = null };
        if (map is null) return d;
        map.AllowOnly(["rank", "break-in-ticks", "upgrade-at-tick"]);
        var rank = map.Choice("rank", Ranks, "rank") ?? d.Rank;
        var breakIn = map.Int("break-in-ticks", 0) ?? d.BreakInTicks;
        // 'upgrade-at-tick: none' removes a preset's scheduled upgrade (Chongqing's at tick 52).
        var upgrade = map.IsNull("upgrade-at-tick") ? null : TimelineParser.Tick(map, "upgrade-at-tick", ticks) ?? d.UpgradeAtTick;
        return new OfficeSpec(rank, breakIn, upgrade);
    }

    private static PlatformSpec Platform(YamlMap? map, PlatformSpec d)
    {
        if (map is null) return d;
        map.AllowOnly(["base-databases", "theme-databases"]);
        return new PlatformSpec(
            map.Int("base-databases", 0) ?? d.BaseDatabases,
            map.Int("theme-databases", 0) ?? d.ThemeDatabases);
    }
}
