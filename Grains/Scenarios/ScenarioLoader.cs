using System.Reflection;
using YamlDotNet.RepresentationModel;

namespace OrleansGov.Scenarios;

/// <summary>A shipped scenario, listed by the CLI's <c>presets</c> command.</summary>
/// <param name="Name">What to pass to <see cref="ScenarioLoader.Load"/>, e.g. <c>three-provinces</c>.</param>
/// <param name="Description">The file's one-line <c>description:</c>.</param>
public sealed record ScenarioPreset(string Name, string Description);

/// <summary>
/// Loads scenarios from YAML files or from the presets shipped in <c>scenarios/</c>. The presets are
/// embedded in this assembly, so they work from any working directory. Every failure is a single
/// <see cref="ScenarioException"/> naming the source, line, column and key.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Embedded resource names are <c>OrleansGov.Scenarios.&lt;name&gt;.yaml</c> (see Grains.csproj).</summary>
    private const string ResourcePrefix = "OrleansGov.Scenarios.", ResourceSuffix = ".yaml";

    private static readonly Assembly ResourceAssembly = typeof(ScenarioLoader).Assembly;

    /// <summary>
    /// Loads <paramref name="fileOrPreset"/>: a file when it exists or ends with .yaml/.yml, otherwise
    /// the preset of that name.
    /// </summary>
    /// <exception cref="ScenarioException">The file is missing, the preset unknown, or the scenario invalid.</exception>
    public static Scenario Load(string fileOrPreset)
    {
        ArgumentNullException.ThrowIfNull(fileOrPreset);
        if (Directory.Exists(fileOrPreset))
        {
            throw new ScenarioException(fileOrPreset, null, null, null, "is a directory, not a scenario file (give a .yaml file in it, or a preset name)");
        }
        if (File.Exists(fileOrPreset) || IsYamlPath(fileOrPreset))
        {
            string text;
            try
            {
                text = File.ReadAllText(fileOrPreset);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new ScenarioException(fileOrPreset, null, null, null, "file not found", e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ScenarioException(fileOrPreset, null, null, null, $"cannot read the file: {e.Message}", e);
            }
            return Parse(text, fileOrPreset);
        }
        var presetText = ReadPreset(fileOrPreset) ?? throw new ScenarioException(fileOrPreset, null, null, null,
            $"no such file and no preset named '{fileOrPreset}' (known presets: {string.Join(", ", PresetNames())})");
        return Parse(presetText, PresetSource(fileOrPreset));
    }

    /// <summary>Parses and resolves scenario YAML; <paramref name="sourceName"/> prefixes error messages.</summary>
    /// <exception cref="ScenarioException">The scenario is invalid.</exception>
    public static Scenario Parse(string yamlText, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(sourceName);
        return ScenarioParser.Parse(yamlText, sourceName);
    }

    /// <summary>
    /// Parses a timeline file — a YAML mapping whose one key is <c>timeline:</c>, written as in a scenario —
    /// against <paramref name="scenario"/>'s ticks and provinces (a fork's interventions after its tick).
    /// </summary>
    /// <exception cref="ScenarioException">The file is missing or an event is invalid.</exception>
    public static Intervention[] LoadTimeline(string path, Scenario scenario)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(path, null, null, null, e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : $"cannot read the file: {e.Message}", e);
        }
        var root = YamlMap.ParseDocument(text, path);
        root.AllowOnly(["timeline"]);
        return TimelineParser.Parse(root, scenario.Ticks, scenario.Provinces);
    }

    /// <summary>The shipped presets in name order, each with its file's description.</summary>
    public static IReadOnlyList<ScenarioPreset> Presets() =>
        PresetNames().Select(name => new ScenarioPreset(name, Description(name))).ToList();

    /// <summary>Where a preset's errors point: the file it was embedded from.</summary>
    private static string PresetSource(string name) => $"scenarios/{name}.yaml";

    private static bool IsYamlPath(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> PresetNames() => ResourceAssembly.GetManifestResourceNames()
        .Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal) && r.EndsWith(ResourceSuffix, StringComparison.Ordinal))
        .Select(r => r[ResourcePrefix.Length..^ResourceSuffix.Length])
        .Order(StringComparer.Ordinal);

    private static string? ReadPreset(string name)
    {
        using var stream = ResourceAssembly.GetManifestResourceStream(ResourcePrefix + name + ResourceSuffix);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Reads only the description, so listing presets does not resolve every scenario.</summary>
    private static string Description(string name)
    {
        var root = YamlMap.ParseDocument(ReadPreset(name)!, PresetSource(name));
        return root.Value("description") is YamlScalarNode { Value: { } text } ? text.Trim() : string.Empty;
    }
}
