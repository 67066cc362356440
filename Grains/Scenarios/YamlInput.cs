using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace OrleansGov.Scenarios;

/// <summary>
/// The one place where YAML text becomes a checked node tree, for scenario, experiment and claims
/// files alike. Everything wrong with the document as a whole fails here as one
/// <see cref="ScenarioException"/> with file, line and column: a syntax error, an empty file, several
/// documents, a top level that is not a mapping, nesting deeper than <see cref="MaxDepth"/>, and —
/// anywhere in the tree — a key that is not a plain name (a list or mapping used as a key) or a key
/// given twice. The typed readers above it (<c>YamlMap</c> for scenarios, <c>YamlDoc</c> for experiment
/// and claims files) can then take every key to be a unique scalar.
/// </summary>
public static partial class YamlInput
{
    /// <summary>Nesting depth allowed; far beyond any real file, and well inside the parser's stack.</summary>
    public const int MaxDepth = 64;

    /// <summary>Parses <paramref name="yamlText"/>, whose single document must be a mapping.</summary>
    /// <exception cref="ScenarioException">The document is not usable; the message says where and why.</exception>
    public static YamlMappingNode Load(string yamlText, string source)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(source);
        CheckDepth(yamlText, source);
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yamlText));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new ScenarioException(source, Line(e.Start), Column(e.Start), null, $"YAML syntax error: {StripPosition(e.InnerException?.Message ?? e.Message)}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet 18 throws these instead of a YamlException for some malformed input: an
            // unfinished flow collection (InvalidOperationException), a tag that is not a valid URI or
            // a control character where a node should start (ArgumentException; found by fuzzing,
            // docs/RELIABILITY.md). Point at the last thing it could read.
            var at = parser.Current?.End;
            string reason = e is InvalidOperationException
                ? "unexpected text inside an unfinished '{ }' or '[ ]' (is a closing bracket missing?)"
                : StripPosition(e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "") : e.Message);
            throw new ScenarioException(source, at is { } a ? Line(a) : null, at is { } c ? Column(c) : null, null, "YAML syntax error: " + reason, e);
        }
        if (stream.Documents.Count == 0)
        {
            throw new ScenarioException(source, null, null, null, "the file is empty");
        }
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw new ScenarioException(source, Line(second.Start), Column(second.Start), null, "expected one YAML document, found several");
        }
        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode mapping)
        {
            throw new ScenarioException(source, Line(root.Start), Column(root.Start), null, $"expected a mapping of keys to values at the top, got {Describe(root)}");
        }
        CheckKeys(mapping, "", source, new HashSet<YamlNode>(ReferenceEqualityComparer.Instance));
        return mapping;
    }

    /// <summary>How a node looks to a user, for "expected X, got Y" messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode { Value: null or "" } => "nothing",
        YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted } s => $"the quoted text '{s.Value}'",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "an unsupported node",
    };

    /// <summary>YamlDotNet positions are 1-based longs; anything beyond an int is reported as unknown.</summary>
    private static int? Line(Mark mark) => mark.Line is > 0 and <= int.MaxValue ? (int)mark.Line : null;

    private static int? Column(Mark mark) => mark.Column is > 0 and <= int.MaxValue ? (int)mark.Column : null;

    /// <summary>Reads the event stream once, before the tree is built (building it recurses once per level).</summary>
    private static void CheckDepth(string yamlText, string source)
    {
        var parser = new Parser(new StringReader(yamlText));
        int depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        if (++depth > MaxDepth)
                        {
                            var at = parser.Current!.Start;
                            throw new ScenarioException(source, Line(at), Column(at), null, $"nested more than {MaxDepth} levels deep");
                        }
                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // Malformed text is reported by the full parse below, with its position.
        }
    }

    /// <summary>Every key in the tree must be a plain, unique name. Aliased nodes are visited once (an alias bomb stays cheap).</summary>
    private static void CheckKeys(YamlNode node, string path, string source, HashSet<YamlNode> seen)
    {
        if (!seen.Add(node))
        {
            return;
        }
        switch (node)
        {
            case YamlMappingNode mapping:
                var keys = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (keyNode, value) in mapping.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { } key })
                    {
                        throw new ScenarioException(source, Line(keyNode.Start), Column(keyNode.Start), path.Length == 0 ? null : path,
                            $"keys must be plain names, got {Describe(keyNode)} as a key");
                    }
                    string child = path.Length == 0 ? key : $"{path}.{key}";
                    if (!keys.Add(key))
                    {
                        throw new ScenarioException(source, Line(keyNode.Start), Column(keyNode.Start), child, "duplicate key");
                    }
                    CheckKeys(value, child, source, seen);
                }
                break;
            case YamlSequenceNode sequence:
                for (int i = 0; i < sequence.Children.Count; i++)
                {
                    CheckKeys(sequence.Children[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), source, seen);
                }
                break;
        }
    }

    /// <summary>YamlDotNet prefixes its messages with "(Line: l, Col: c, Idx: i) - (...): "; the exception already says where.</summary>
    private static string StripPosition(string message) => PositionPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex PositionPrefix();
}
