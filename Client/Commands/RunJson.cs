using System.Text.Json;
using OrleansGov.Client.Results;

namespace OrleansGov.Client.Commands;

/// <summary>
/// The one-line JSON objects that <c>--json</c> prints on stdout, for scripts: snake_case keys, as in
/// <c>manifest.json</c>, one object per line.
/// </summary>
internal static class RunJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    };

    /// <summary>A finished run: where its folder is, how it ended, and what ran.</summary>
    public static string Of(Manifest manifest, string folder, int exitCode) => JsonSerializer.Serialize(new
    {
        manifest.RunId,
        Folder = Path.GetFullPath(folder),
        manifest.Status,
        ExitCode = exitCode,
        manifest.Error,
        Scenario = manifest.Scenario.Name,
        manifest.Seed,
        manifest.Engine,
        manifest.TicksRequested,
        manifest.TicksCompleted,
    }, Options);

    /// <summary>Any object, in the same form.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
