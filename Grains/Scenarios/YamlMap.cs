using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OrleansGov.Scenarios;

/// <summary>
/// A YAML mapping together with its dotted key path and source name, with typed getters that turn
/// every problem into a <see cref="ScenarioException"/> pointing at the offending node. Mapping by
/// hand (rather than deserialising into classes) is what lets each error carry line, column and key.
/// Getters return null when the key is absent, so callers fall back to defaults with <c>??</c>.
/// </summary>
internal sealed partial class YamlMap
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    public YamlMap(YamlMappingNode node, string path, string source)
    {
        Node = node;
        Path = path;
        Source = source;
        foreach (var (keyNode, value) in node.Children)
        {
            // YamlInput.Load has checked every key of the tree: a plain scalar, given once.
            var scalarKey = (YamlScalarNode)keyNode;
            _entries.Add(scalarKey.Value!, (scalarKey, value));
        }
    }

    public YamlMappingNode Node { get; }

    /// <summary>Parses YAML text whose single document must be a mapping (<see cref="YamlInput.Load"/>).</summary>
    public static YamlMap ParseDocument(string yamlText, string source) => new(YamlInput.Load(yamlText, source), "", source);

    /// <summary>Dotted path of this mapping, "" for the document root.</summary>
    public string Path { get; }

    public string Source { get; }

    /// <summary>The dotted path of one of this mapping's keys.</summary>
    public string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>Rejects the first key (in file order) that is not in <paramref name="allowed"/>.</summary>
    public void AllowOnly(IReadOnlyCollection<string> allowed, string? what = null)
    {
        foreach (var (key, (keyNode, _)) in _entries)
        {
            if (!allowed.Contains(key))
            {
                var scope = what ?? (Path.Length == 0 ? "a scenario" : $"'{LastSegment(Path)}'");
                throw Error(keyNode, Child(key), $"unknown key '{key}' (allowed in {scope}: {string.Join(", ", allowed)})");
            }
        }
    }

    public bool Has(string key) => _entries.ContainsKey(key);

    public ScenarioException Error(YamlNode node, string? key, string reason) =>
        new(Source, (int)node.Start.Line, (int)node.Start.Column, key, reason);

    /// <summary>An error about this mapping as a whole (e.g. a missing key).</summary>
    public ScenarioException Error(string reason) => Error(Node, Path.Length == 0 ? null : Path, reason);

    /// <summary>An error about the value of <paramref name="key"/>, which must be present.</summary>
    public ScenarioException ValueError(string key, string reason) => Error(_entries[key].Value, Child(key), reason);

    public YamlNode? Value(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value : null;

    /// <summary>True when the key is present with an explicit null (<c>~</c>, <c>null</c>, <c>none</c> or nothing).</summary>
    public bool IsNull(string key) =>
        Value(key) is YamlScalarNode { Style: not (ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted) } s
        && s.Value is null or "" or "~" or "null" or "Null" or "NULL" or "none";

    public string? String(string key)
    {
        if (Value(key) is not { } node) return null;
        if (node is not YamlScalarNode { Value: { Length: > 0 } text })
        {
            throw Error(node, Child(key), $"expected text, got {Describe(node)}");
        }
        return text;
    }

    public string RequiredString(string key) => String(key) ?? throw Error($"missing required key '{key}'");

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int? Int(string key, int min, int max = int.MaxValue)
    {
        if (Value(key) is not { } node) return null;
        var text = NumberText(node, key);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            var reason = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? $"expected a whole number, got '{text}'"
                : $"expected a number, got '{text}'";
            throw Error(node, Child(key), reason);
        }
        if (value < min || value > max)
        {
            throw Error(node, Child(key), RangeReason(value, min, max));
        }
        return (int)value;
    }

    public ulong? ULong(string key)
    {
        if (Value(key) is not { } node) return null;
        var text = NumberText(node, key);
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            var reason = text.StartsWith('-') ? $"must not be negative (got {text})" : $"expected a whole number from 0 to {ulong.MaxValue}, got '{text}'";
            throw Error(node, Child(key), reason);
        }
        return value;
    }

    /// <summary>A number in [0, 1]: rates, strengths, dials.</summary>
    public double? Fraction(string key)
    {
        if (Value(key) is not { } node) return null;
        var text = NumberText(node, key);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error(node, Child(key), $"expected a number, got '{text}'");
        }
        if (value is < 0 or > 1)
        {
            throw Error(node, Child(key), $"must be between 0 and 1 (got {text})");
        }
        return value;
    }

    /// <summary>A real number in [<paramref name="min"/>, <paramref name="max"/>] (model constants).</summary>
    public double? Real(string key, double min, double max)
    {
        if (Value(key) is not { } node) return null;
        var text = NumberText(node, key);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error(node, Child(key), $"expected a number, got '{text}'");
        }
        if (value < min || value > max)
        {
            throw Error(node, Child(key), string.Create(CultureInfo.InvariantCulture, $"must be between {min:R} and {max:R} (got {text})"));
        }
        return value;
    }

    public bool? Bool(string key)
    {
        if (Value(key) is not { } node) return null;
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text })
        {
            if (text is "true" or "True" or "TRUE") return true;
            if (text is "false" or "False" or "FALSE") return false;
        }
        throw Error(node, Child(key), $"expected true or false, got {Describe(node)}");
    }

    /// <summary>One of a fixed set of names, e.g. an office rank.</summary>
    public T? Choice<T>(string key, IReadOnlyDictionary<string, T> options, string what) where T : struct
    {
        if (String(key) is not { } text) return null;
        if (!options.TryGetValue(text, out var value))
        {
            throw ValueError(key, $"unknown {what} '{text}' (expected {string.Join(", ", options.Keys)})");
        }
        return value;
    }

    public YamlMap? Map(string key)
    {
        if (Value(key) is not { } node) return null;
        return node is YamlMappingNode mapping
            ? new YamlMap(mapping, Child(key), Source)
            : throw Error(node, Child(key), $"expected a mapping of keys to values, got {Describe(node)}");
    }

    /// <summary>The items of a sequence, each with its path such as <c>provinces[1]</c>.</summary>
    public IReadOnlyList<(YamlNode Node, string Path)>? Sequence(string key)
    {
        if (Value(key) is not { } node) return null;
        if (node is not YamlSequenceNode sequence)
        {
            throw Error(node, Child(key), $"expected a list, got {Describe(node)}");
        }
        return sequence.Children
            .Select((item, i) => (item, string.Create(CultureInfo.InvariantCulture, $"{Child(key)}[{i}]")))
            .ToList();
    }

    /// <summary>A sequence item that must itself be a mapping.</summary>
    public YamlMap Item(YamlNode node, string path) => node is YamlMappingNode mapping
        ? new YamlMap(mapping, path, Source)
        : throw Error(node, path, $"expected a mapping of keys to values, got {Describe(node)}");

    /// <summary>Lowercase kebab-case, the form of province, department and event names.</summary>
    public static bool IsKebabCase(string text) => KebabCase().IsMatch(text);

    private static string RangeReason(long value, long min, long max) =>
        value < min
            ? min == 0 ? $"must not be negative (got {value})" : $"must be at least {min} (got {value})"
            : $"must be at most {max} (got {value})";

    /// <summary>How a node looks to a user, for "expected X, got Y" messages.</summary>
    public static string Describe(YamlNode node) => YamlInput.Describe(node);

    private string NumberText(YamlNode node, string key)
    {
        // Quoted scalars are text in YAML; accepting "0.5" would hide a likely mistake.
        if (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { Length: > 0 } text })
        {
            return text;
        }
        throw Error(node, Child(key), $"expected a number, got {Describe(node)}");
    }

    private static string LastSegment(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? path : path[(dot + 1)..];
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KebabCase();
}
