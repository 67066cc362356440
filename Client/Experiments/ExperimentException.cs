using System.Globalization;

namespace OrleansGov.Client.Experiments;

/// <summary>
/// An experiment file that cannot be used: the message names the file, line, column and key, in the
/// same form as scenario errors, e.g. <c>modes.yaml:7:3: factors.levers.acountability: unknown parameter</c>.
/// </summary>
public sealed class ExperimentException(string source, int? line, int? column, string? key, string reason, Exception? inner = null)
    : Exception(Format(source, line, column, key, reason), inner)
{
    public string File { get; } = source;
    public int? Line { get; } = line;
    public string? Key { get; } = key;
    public string Reason { get; } = reason;

    private static string Format(string source, int? line, int? column, string? key, string reason)
    {
        string position = line is null ? source : string.Create(CultureInfo.InvariantCulture, $"{source}:{line}:{column ?? 1}");
        return string.IsNullOrEmpty(key) ? $"{position}: {reason}" : $"{position}: {key}: {reason}";
    }
}
