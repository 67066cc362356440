using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using OrleansGov.Client.Results;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>
/// <c>orleansgov list</c>: every results folder under <c>--results</c> (runs of <c>run</c>, the dashboard,
/// and the runs inside batch and claims folders), with its status by the one liveness rule
/// (<see cref="RunLiveness"/>: a <c>running</c> folder whose process is gone or silent is <c>stale</c>).
/// </summary>
public sealed class ListCommand(CliContext cli) : AsyncCommand<ListCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--results <DIR>")]
        [Description("Folder to look in (run folders up to three levels down: OUT/run, OUT/batch/runs/run).")]
        [DefaultValue("results")]
        public string Results { get; init; } = "results";

        [CommandOption("--json")]
        [Description("Print a JSON array on stdout, one object per run: run_id, folder, status, scenario, seed, engine, ticks_requested, ticks_completed, started_utc, ended_utc.")]
        public bool Json { get; init; }
    }

    /// <summary>One run folder as listed.</summary>
    internal sealed record Entry(string RunId, string Folder, string Status, string? Scenario, ulong? Seed, string? Engine,
        int? TicksRequested, int? TicksCompleted, DateTimeOffset? StartedUtc, DateTimeOffset? EndedUtc);

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(settings.Results))
        {
            cli.Error.WriteLine(File.Exists(settings.Results)
                ? $"error: --results {settings.Results} is a file, not a folder of results"
                : $"error: --results {settings.Results}: no such folder");
            return Task.FromResult(ExitCodes.BadInput);
        }
        var entries = Scan(settings.Results, DateTimeOffset.UtcNow);
        if (settings.Json)
        {
            cli.Line(RunJson.Serialize(entries));
            return Task.FromResult(ExitCodes.Ok);
        }
        if (entries.Count == 0)
        {
            cli.Line($"no runs under {settings.Results}");
            return Task.FromResult(ExitCodes.Ok);
        }
        var table = new Table().AddColumn("run").AddColumn("status").AddColumn("scenario").AddColumn(new TableColumn("seed").RightAligned())
            .AddColumn(new TableColumn("ticks").RightAligned()).AddColumn("engine").AddColumn("started (UTC)").AddColumn("folder");
        foreach (var e in entries)
        {
            table.AddRow(Markup.Escape(e.RunId), e.Status, Markup.Escape(e.Scenario ?? "?"), e.Seed?.ToString(CultureInfo.InvariantCulture) ?? "?",
                string.Create(CultureInfo.InvariantCulture, $"{e.TicksCompleted}/{e.TicksRequested}"), Markup.Escape(e.Engine ?? "?"),
                e.StartedUtc?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "?",
                Markup.Escape(Path.GetRelativePath(settings.Results, e.Folder)));
        }
        cli.Out.Write(table);
        return Task.FromResult(ExitCodes.Ok);
    }

    /// <summary>Every folder with a <c>manifest.json</c> under <paramref name="root"/>, newest start first.</summary>
    internal static List<Entry> Scan(string root, DateTimeOffset now, IProcessProbe? probe = null)
    {
        var found = new List<Entry>();
        foreach (string folder in RunFolders(root, depth: 3))
        {
            var state = RunLiveness.OfFolder(folder, now, probe);
            found.Add(Read(folder, state));
        }
        return [.. found.OrderByDescending(e => e.StartedUtc ?? DateTimeOffset.MinValue).ThenBy(e => e.Folder, StringComparer.Ordinal)];
    }

    /// <summary>Reads what the listing shows; a manifest that cannot be read is listed as <c>unreadable</c>, never skipped silently.</summary>
    private static Entry Read(string folder, FolderState state)
    {
        string fallbackId = Path.GetFileName(folder);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, RunFolder.ManifestFile)));
            var m = doc.RootElement;
            string? Text(string name) => m.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            int? Int(string name) => m.TryGetProperty(name, out var v) && v.TryGetInt32(out int i) ? i : null;
            DateTimeOffset? Time(string name) => m.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.TryGetDateTimeOffset(out var t) ? t : null;
            ulong? seed = m.TryGetProperty("seed", out var s) && s.TryGetUInt64(out ulong u) ? u : null;
            string? scenario = m.TryGetProperty("scenario", out var sc) && sc.ValueKind == JsonValueKind.Object
                && sc.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            return new Entry(Text("run_id") ?? fallbackId, Path.GetFullPath(folder), StatusName(state), scenario, seed, Text("engine"),
                Int("ticks_requested"), Int("ticks_completed"), Time("started_utc"), Time("ended_utc"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            return new Entry(fallbackId, Path.GetFullPath(folder), "unreadable", null, null, null, null, null, null, null);
        }
    }

    private static string StatusName(FolderState state) => state switch
    {
        FolderState.Missing => "unreadable",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>Folders holding a manifest, at most <paramref name="depth"/> levels down; a run folder's own subfolders (checkpoints) are not searched.</summary>
    private static IEnumerable<string> RunFolders(string dir, int depth)
    {
        if (depth == 0) yield break;
        string[] children;
        try
        {
            children = [.. Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (string child in children)
        {
            if (File.Exists(Path.Combine(child, RunFolder.ManifestFile)))
            {
                yield return child;
                continue;
            }
            foreach (string nested in RunFolders(child, depth - 1))
            {
                yield return nested;
            }
        }
    }
}
