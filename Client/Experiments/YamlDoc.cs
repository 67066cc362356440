using System.Globalization;
using System.Text.RegularExpressions;
using OrleansGov.Scenarios;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OrleansGov.Client.Experiments;

/// <summary>
/// YAML access for experiment and claims files that turns every problem into an
/// <see cref="ExperimentException"/> at the node (file, line, column, key).
/// </summary>
/// <param name="fileKind">How an unknown top-level key names the file, e.g. "an experiment".</param>
internal sealed partial class YamlDoc(string source, string fileKind)
{
    /// <summary>Reads a file's text and its folder (where relative paths in it are resolved), or fails with one clear error.</summary>
    public static (string Text, string Directory) ReadFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ExperimentException(path, null, null, null, "is a directory, not a file");
        }
        try
        {
            return (File.ReadAllText(path), System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ExperimentException(path, null, null, null, "file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExperimentException(path, null, null, null, "cannot read the file: " + e.Message, e);
        }
    }

    /// <summary>The document's top mapping, checked by the same loader as scenarios (<see cref="YamlInput.Load"/>): every key in it is a unique plain name.</summary>
    public YamlMappingNode Root(string yaml)
    {
        try
        {
            return YamlInput.Load(yaml, source);
        }
        catch (ScenarioException e)
        {
            throw new ExperimentException(source, e.Line, e.Column, e.Key, e.Reason, e);
        }
    }

    public ExperimentException Error(YamlNode node, string? key, string reason) =>
        new(source, (int)node.Start.Line, (int)node.Start.Column, key, reason);

    public void AllowOnly(YamlMappingNode map, string path, IReadOnlyCollection<string> allowed)
    {
        foreach (var (keyNode, _) in map.Children)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? "";
            if (!allowed.Contains(key))
            {
                string where = path.Length == 0 ? fileKind : $"'{path}'";
                throw Error(keyNode, path.Length == 0 ? key : $"{path}.{key}", $"unknown key '{key}' (allowed in {where}: {string.Join(", ", allowed)})");
            }
        }
    }

    public YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public string? Text(YamlMappingNode map, string key, string? path = null)
    {
        if (Get(map, key) is not { } node) return null;
        return node is YamlScalarNode { Value: { Length: > 0 } text } ? text : throw Error(node, path ?? key, "expected text");
    }

    public string RequiredText(YamlMappingNode map, string key, string? path = null) =>
        Text(map, key, path) ?? throw Error(map, path ?? key, $"missing required key '{key}'");

    public long Long(YamlNode node, string key) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { } text }
        && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw Error(node, key, $"expected a whole number, got {Describe(node)}");

    /// <summary>A whole number in [1, <paramref name="max"/>].</summary>
    public int Positive(YamlNode node, string key, int max)
    {
        long value = Long(node, key);
        return value >= 1 && value <= max ? (int)value : throw Error(node, key, $"must be between 1 and {max} (got {value})");
    }

    public double Double(YamlNode node, string key) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { } text }
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw Error(node, key, $"expected a number, got {Describe(node)}");

    public ulong? ULong(YamlMappingNode map, string key, string? path = null) =>
        Get(map, key) is { } node ? ULongValue(node, path ?? key) : null;

    public ulong ULongValue(YamlNode node, string key) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { } text }
        && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw Error(node, key, $"expected a whole number ≥ 0, got {Describe(node)}");

    private static string Describe(YamlNode node) => YamlInput.Describe(node);

    /// <summary>Runs a scenario-parameter mapping; its <see cref="ParameterException"/> becomes an error at <paramref name="node"/>.</summary>
    public T Wrap<T>(YamlNode node, string key, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ParameterException e)
        {
            throw Error(node, key, e.Message);
        }
    }

    /// <summary>A name usable in folder names and run ids: letters, digits, '.', '_', '-'.</summary>
    public static bool IsSafeName(string name) => SafeName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();
}
