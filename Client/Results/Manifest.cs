using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansGov.Checkpoints;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Results;

/// <summary>A running run's sign of life: the last tick recorded and when the manifest was last rewritten.</summary>
/// <param name="LastTick">The last tick whose rows are in <c>metrics.csv</c>; null before the first.</param>
public sealed record RunHeartbeat(int? LastTick, DateTimeOffset UpdatedUtc);

/// <summary>
/// <c>manifest.json</c>: everything needed to reproduce and trust a run. <see cref="Status"/> is
/// <c>running</c> while the run goes on and becomes <c>completed</c> only once every tick was simulated
/// and every file written. While it runs, <see cref="Pid"/>, <see cref="MachineName"/> (the host) and
/// <see cref="Heartbeat"/> let a tool tell a live run from a dead one (<see cref="RunLiveness"/>).
/// </summary>
public sealed record Manifest(
    string RunId,
    string Status,
    string? Error,
    string Engine,
    string Where,
    int SiloCount,
    ulong Seed,
    int TicksRequested,
    int TicksCompleted,
    string OrleansgovVersion,
    string? GitCommit,
    string DotnetVersion,
    string Os,
    string MachineName,
    int Pid,
    IReadOnlyList<string> CommandLine,
    DateTimeOffset StartedUtc,
    DateTimeOffset? EndedUtc,
    RunHeartbeat? Heartbeat,
    IReadOnlyList<string> Files,
    Scenario Scenario,
    int CheckpointEvery = 0,
    ForkSource? ForkedFrom = null,
    IReadOnlyList<RecoveryRecord>? Recoveries = null,
    IReadOnlyList<OrleansGov.Grains.CheckpointInfo>? Checkpoints = null)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>A manifest for a run just starting.</summary>
    public static Manifest Start(string runId, string engine, string where, Scenario scenario, IReadOnlyList<string> commandLine)
    {
        var (version, commit) = CodeVersion();
        return new Manifest(
            RunId: runId, Status: "running", Error: null, Engine: engine, Where: where, SiloCount: 0,
            Seed: scenario.Seed, TicksRequested: scenario.Ticks, TicksCompleted: 0,
            OrleansgovVersion: version, GitCommit: commit,
            DotnetVersion: RuntimeInformation.FrameworkDescription, Os: RuntimeInformation.OSDescription,
            MachineName: Environment.MachineName, Pid: Environment.ProcessId, CommandLine: commandLine,
            StartedUtc: DateTimeOffset.UtcNow, EndedUtc: null, Heartbeat: null, Files: ["manifest.json"], Scenario: scenario);
    }

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>The informational version; the SDK appends "+commit" when built from a git checkout.</summary>
    private static (string Version, string? Commit) CodeVersion()
    {
        string info = typeof(Manifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(Manifest).Assembly.GetName().Version?.ToString() ?? "unknown";
        int plus = info.IndexOf('+');
        return plus < 0 ? (info, null) : (info[..plus], info[(plus + 1)..]);
    }
}

/// <summary>Where a fork started: the source run's folder and the checkpoint's tick.</summary>
public sealed record ForkSource(string Run, int Tick);
