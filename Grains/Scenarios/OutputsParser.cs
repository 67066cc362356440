using OrleansGov.Model.Outputs;
using YamlDotNet.RepresentationModel;

namespace OrleansGov.Scenarios;

/// <summary>
/// <c>outputs: { series: { scopes, metrics, every }, snapshots: { kinds, every } }</c>: declared
/// outputs, none by default. Every name is checked against <see cref="OutputCatalog"/>, so a typo is
/// one message naming the file, line and key, never an empty column.
/// </summary>
internal static class OutputsParser
{
    public static OutputSpec Parse(YamlMap? map, int ticks)
    {
        if (map is null) return OutputSpec.None;
        map.AllowOnly(["series", "snapshots"]);
        return new OutputSpec(Series(map.Map("series"), ticks), Snapshots(map.Map("snapshots"), ticks));
    }

    private static SeriesOutput? Series(YamlMap? map, int ticks)
    {
        if (map is null) return null;
        map.AllowOnly(["scopes", "metrics", "every"]);
        var scopes = Names(map, "scopes", "scope", name => OutputCatalog.Scopes.ContainsKey(name)
            ? null
            : $"unknown scope '{name}' (expected {string.Join(", ", OutputCatalog.Scopes.Keys)}; the nation and provinces are in metrics.csv)");
        var metrics = Names(map, "metrics", "metric", name => OutputCatalog.Metrics.ContainsKey(name)
            ? null
            : OutputCatalog.IsRecentWindow(name)
                ? $"'{name}' is a recent-window metric, a difference over earlier rows, which a series does not keep; take its cumulative counts instead"
                : $"unknown metric '{name}' (expected one of {string.Join(", ", OutputCatalog.Metrics.Keys)})");
        return new SeriesOutput(scopes, metrics, Every(map, ticks));
    }

    private static SnapshotOutput? Snapshots(YamlMap? map, int ticks)
    {
        if (map is null) return null;
        map.AllowOnly(["kinds", "every"]);
        var kinds = Names(map, "kinds", "kind", name => OutputCatalog.Kinds.ContainsKey(name)
            ? null
            : $"unknown agent kind '{name}' (expected {string.Join(", ", OutputCatalog.Kinds.Keys)})");
        return new SnapshotOutput(kinds, Every(map, ticks));
    }

    /// <summary>Ticks between rows: 1 by default; more than the run's ticks would write nothing, so it is refused.</summary>
    private static int Every(YamlMap map, int ticks)
    {
        int every = map.Int("every", 1) ?? 1;
        if (every > ticks)
        {
            throw map.ValueError("every", $"every {every} ticks is more than the scenario's {ticks} ticks: nothing would be written");
        }
        return every;
    }

    /// <summary>A required, non-empty list of distinct names, each accepted by <paramref name="problem"/> (null: fine).</summary>
    private static string[] Names(YamlMap map, string key, string what, Func<string, string?> problem)
    {
        var items = map.Sequence(key) ?? throw map.Error($"missing required key '{key}'");
        if (items.Count == 0)
        {
            throw map.ValueError(key, $"must list at least one {what}");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new string[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            var (node, path) = items[i];
            if (node is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                throw map.Error(node, path, $"expected a {what} name, got {YamlMap.Describe(node)}");
            }
            if (problem(name) is { } reason)
            {
                throw map.Error(node, path, reason);
            }
            if (!seen.Add(name))
            {
                throw map.Error(node, path, $"{what} '{name}' is listed twice");
            }
            names[i] = name;
        }
        return names;
    }
}
