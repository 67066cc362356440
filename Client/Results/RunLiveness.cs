using System.Diagnostics;
using System.Text.Json;

namespace OrleansGov.Client.Results;

/// <summary>What a results folder holds, as a tool listing folders should show it.</summary>
public enum FolderState
{
    /// <summary>No manifest, or one that cannot be read: not a run (or not one to trust).</summary>
    Missing,
    /// <summary>The manifest says running, and the run shows signs of life.</summary>
    Running,
    /// <summary>The manifest says running, but the process that wrote it is gone or silent: a crashed or killed run.</summary>
    Stale,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>
/// The one rule that tells a live run from a dead one (issue 14 item 4), for <c>list</c>-like views and
/// the dashboard. A folder whose manifest says <c>running</c> is <see cref="FolderState.Stale"/> when
/// <list type="bullet">
/// <item>it was written on this host and its process (<c>pid</c>) is gone, or that pid now belongs to a
/// process started after the run (the pid was reused); or</item>
/// <item>its heartbeat (<c>heartbeat.updated_utc</c>, rewritten every <see cref="RunWriter.DefaultHeartbeatInterval"/>
/// while the run lives, whatever the tick length) is older than <see cref="StaleAfter"/> — the only sign
/// available for a run on another host; or</item>
/// <item>it has no heartbeat at all (a folder from before heartbeats) and started more than
/// <see cref="StaleAfter"/> ago on another host, or on this host with its process gone.</item>
/// </list>
/// </summary>
public static class RunLiveness
{
    /// <summary>A running run that has not rewritten its manifest for this long is taken for dead.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(60);

    /// <summary>Reads <c>DIR/manifest.json</c> and classifies the folder (see the class summary).</summary>
    public static FolderState OfFolder(string folder, DateTimeOffset nowUtc, IProcessProbe? probe = null)
    {
        string path = Path.Combine(folder, RunFolder.ManifestFile);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return Of(doc.RootElement, nowUtc, probe ?? LocalProcesses.Instance);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return FolderState.Missing;
        }
    }

    /// <summary>Classifies a parsed manifest.</summary>
    public static FolderState Of(JsonElement manifest, DateTimeOffset nowUtc, IProcessProbe probe)
    {
        if (manifest.ValueKind != JsonValueKind.Object || !manifest.TryGetProperty("status", out var status))
        {
            return FolderState.Missing;
        }
        switch (status.GetString())
        {
            case "completed": return FolderState.Completed;
            case "failed": return FolderState.Failed;
            case "cancelled": return FolderState.Cancelled;
            case "running": break;
            default: return FolderState.Missing;
        }
        string? host = manifest.TryGetProperty("machine_name", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
        int? pid = manifest.TryGetProperty("pid", out var p) && p.TryGetInt32(out int pidValue) ? pidValue : null;
        DateTimeOffset? started = Time(manifest, "started_utc");
        DateTimeOffset? beat = manifest.TryGetProperty("heartbeat", out var hb) && hb.ValueKind == JsonValueKind.Object ? Time(hb, "updated_utc") : null;
        return IsStale(host, pid, started, beat, nowUtc, probe) ? FolderState.Stale : FolderState.Running;
    }

    /// <summary>The rule itself, on the manifest's fields.</summary>
    public static bool IsStale(string? host, int? pid, DateTimeOffset? startedUtc, DateTimeOffset? heartbeatUtc, DateTimeOffset nowUtc, IProcessProbe probe)
    {
        bool thisHost = host is not null && string.Equals(host, probe.HostName, StringComparison.OrdinalIgnoreCase);
        if (thisHost && pid is { } id)
        {
            var processStart = probe.StartTimeUtc(id);
            // Gone, or reused by a process that started after the run did (1 s slack for clock rounding).
            if (processStart is null || (startedUtc is { } s && processStart > s + TimeSpan.FromSeconds(1)))
            {
                return true;
            }
        }
        var lastSign = heartbeatUtc ?? startedUtc;
        return lastSign is null || nowUtc - lastSign > StaleAfter;
    }

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var time) ? time : null;
}

/// <summary>What <see cref="RunLiveness"/> asks of the machine (tests substitute it).</summary>
public interface IProcessProbe
{
    string HostName { get; }

    /// <summary>When the process with this id started, or null when there is none.</summary>
    DateTimeOffset? StartTimeUtc(int pid);
}

/// <summary>This machine's processes.</summary>
public sealed class LocalProcesses : IProcessProbe
{
    public static readonly LocalProcesses Instance = new();

    public string HostName => Environment.MachineName;

    public DateTimeOffset? StartTimeUtc(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
