using System.Text.RegularExpressions;

namespace OrleansGov.Scenarios;

/// <summary>
/// Maps a scenario document onto a resolved <see cref="Scenario"/>: top-level settings, mode and dials,
/// departments; provinces, mechanisms and the timeline are delegated to their own parsers.
/// Ticks are read before anything that must lie inside the run (timeline, office upgrades).
/// </summary>
internal static partial class ScenarioParser
{
    /// <summary>Every top-level key a scenario file may have (ScenarioWriter writes each; its test checks that).</summary>
    internal static readonly string[] Keys =
    [
        "name", "description", "seed", "ticks", "ticks-per-year", "mode", "dials", "departments",
        "provinces", "mechanisms", "levers", "preconditions", "timeline", "constants", "cloud-chief-system", "start-date",
    ];

    public static Scenario Parse(string yamlText, string source)
    {
        var root = YamlMap.ParseDocument(yamlText, source);
        root.AllowOnly(Keys);

        var name = root.RequiredString("name");
        if (!ScenarioName().IsMatch(name))
        {
            // The name goes into run ids and folder names, so keep it to safe characters.
            throw root.ValueError("name", $"'{name}' is not a valid name (use letters, digits, '.', '_' and '-')");
        }
        var description = root.String("description") ?? string.Empty;
        var seed = root.ULong("seed") ?? ScenarioDefaults.Seed;
        var ticks = root.Int("ticks", 1) ?? ScenarioDefaults.Ticks;
        var ticksPerYear = root.Int("ticks-per-year", 1) ?? ScenarioDefaults.TicksPerYear;
        var (mode, dials) = ParseModeAndDials(root);
        var system = SettingsParser.CloudChiefSystem(root.Map("cloud-chief-system"), ScenarioDefaults.ModeSystems[mode ?? ScenarioDefaults.DefaultMode], ticks);
        var startDate = ParseStartDate(root);
        var departments = ParseDepartments(root);
        var provinces = ProvinceParser.ParseAll(root, ticks, dials, system);
        var mechanisms = SettingsParser.Mechanisms(root.Map("mechanisms"));
        var levers = SettingsParser.Levers(root.Map("levers"));
        var preconditions = SettingsParser.Preconditions(root.Map("preconditions"));
        var timeline = TimelineParser.Parse(root, ticks, provinces);
        var constants = ConstantsParser.Parse(root.Map("constants"));

        return new Scenario(name, description, seed, ticks, ticksPerYear, mode, dials, departments,
            provinces, mechanisms, levers, preconditions, timeline, constants, system, startDate);
    }

    /// <summary>
    /// The mode sets both dials; explicit dials override either. With both dials and no mode the
    /// scenario is not one of the named modes, so <c>Mode</c> is null.
    /// </summary>
    private static (string? Mode, Dials Dials) ParseModeAndDials(YamlMap root)
    {
        var modeName = root.String("mode");
        if (modeName is not null && !ScenarioDefaults.Modes.ContainsKey(modeName))
        {
            throw root.ValueError("mode", $"unknown mode '{modeName}' (expected {string.Join(", ", ScenarioDefaults.Modes.Keys)})");
        }
        var dialsMap = root.Map("dials");
        dialsMap?.AllowOnly(["vertical", "horizontal"]);
        var vertical = dialsMap?.Fraction("vertical");
        var horizontal = dialsMap?.Fraction("horizontal");

        var mode = modeName ?? (vertical is not null && horizontal is not null ? null : ScenarioDefaults.DefaultMode);
        var preset = ScenarioDefaults.Modes[modeName ?? ScenarioDefaults.DefaultMode];
        return (mode, new Dials(vertical ?? preset.Vertical, horizontal ?? preset.Horizontal));
    }

    /// <summary>An optional calendar date (yyyy-MM-dd) of tick 0, so results can carry dates.</summary>
    private static string? ParseStartDate(YamlMap root)
    {
        if (root.String("start-date") is not { } text) return null;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
        {
            throw root.ValueError("start-date", $"expected a date as yyyy-MM-dd, got '{text}'");
        }
        return text;
    }

    /// <summary>A mode's dials, with explicit dials overriding either; shared with provinces and set-mode events.</summary>
    internal static void CheckMode(YamlMap map, string key, string modeName)
    {
        if (!ScenarioDefaults.Modes.ContainsKey(modeName))
        {
            throw map.ValueError(key, $"unknown mode '{modeName}' (expected {string.Join(", ", ScenarioDefaults.Modes.Keys)})");
        }
    }

    private static string[] ParseDepartments(YamlMap root)
    {
        if (root.Sequence("departments") is not { } items)
        {
            return [.. ScenarioDefaults.Departments];
        }
        if (items.Count == 0)
        {
            throw root.ValueError("departments", "must list at least one department");
        }
        if (items.Count > Model.AgentId.MaxIndex + 1)
        {
            throw root.ValueError("departments", $"at most {Model.AgentId.MaxIndex + 1} departments fit in an agent id (got {items.Count})");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new string[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            var (node, path) = items[i];
            if (node is not YamlDotNet.RepresentationModel.YamlScalarNode { Value: { Length: > 0 } text })
            {
                throw root.Error(node, path, $"expected a department name, got {YamlMap.Describe(node)}");
            }
            if (!YamlMap.IsKebabCase(text))
            {
                throw root.Error(node, path, $"'{text}' is not a lowercase kebab-case name (like 'civil-affairs')");
            }
            if (!seen.Add(text))
            {
                throw root.Error(node, path, $"department '{text}' is listed twice");
            }
            result[i] = text;
        }
        return result;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ScenarioName();
}
