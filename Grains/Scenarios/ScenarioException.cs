using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OrleansGov.Scenarios;

/// <summary>
/// A scenario that cannot be loaded: a YAML syntax error, an unknown key or preset, a value of the
/// wrong type or out of range, a missing file. The message names the file, line, column and key so a
/// user can fix the file without reading code, e.g.
/// <c>scenarios/x.yaml:12:5: provinces[1].office.rank: unknown rank 'medium' (expected low, leading-group, high)</c>.
/// The loader stops at the first problem, so there is always exactly one.
/// </summary>
public sealed class ScenarioException : Exception
{
    private string _source;

    /// <param name="source">File path or preset name.</param>
    /// <param name="line">1-based line, or null for problems with no position (missing file, unknown preset).</param>
    /// <param name="column">1-based column.</param>
    /// <param name="key">Dotted key path, or null for problems with the document as a whole.</param>
    /// <param name="reason">What is wrong and, where it helps, what was expected.</param>
    /// <param name="inner">The underlying parser or I/O exception, if any.</param>
    public ScenarioException(string source, int? line, int? column, string? key, string reason, Exception? inner = null)
        : base(Format(source, line, column, key, reason), inner)
    {
        _source = source;
        Line = line;
        Column = column;
        Key = key;
        Reason = reason;
    }

    /// <summary>The file path or preset the scenario came from.</summary>
    /// <remarks>Overrides <see cref="Exception.Source"/> so code holding a plain <see cref="Exception"/> sees the same value.</remarks>
    [AllowNull]
    public override string Source
    {
        get => _source;
        set => _source = value ?? string.Empty;
    }

    /// <summary>1-based line of the offending node, when known.</summary>
    public int? Line { get; }

    /// <summary>1-based column of the offending node, when known.</summary>
    public int? Column { get; }

    /// <summary>Dotted path of the offending key, such as <c>provinces[1].office.rank</c>; null for file-level problems.</summary>
    public string? Key { get; }

    /// <summary>The problem alone, without source, position and key.</summary>
    public string Reason { get; }

    private static string Format(string source, int? line, int? column, string? key, string reason)
    {
        var position = line is null
            ? source
            : string.Create(CultureInfo.InvariantCulture, $"{source}:{line}:{column ?? 1}");
        return string.IsNullOrEmpty(key) ? $"{position}: {reason}" : $"{position}: {key}: {reason}";
    }
}
