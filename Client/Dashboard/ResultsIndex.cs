using System.Globalization;
using System.Text.Json;
using OrleansGov.Client.Results;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Dashboard;

/// <summary>A run found as a results folder under <c>--results</c>.</summary>
/// <param name="Status">The manifest's status, or <c>stale</c> for a folder that says <c>running</c> but whose run is gone (<see cref="RunLiveness"/>).</param>
public sealed record ResultsRun(string RunId, string Path, Manifest Manifest, string Status);

/// <summary>
/// Reads results folders written by <c>run</c>, <c>batch</c> or the dashboard: folders one or two levels
/// under the results directory holding a <c>manifest.json</c>, whatever their status (completed, failed,
/// cancelled, running, stale — by the one liveness rule, <see cref="RunLiveness"/>, as <c>orleansgov list</c>
/// shows them). The listing is re-read at most once a second, however many clients poll.
/// </summary>
/// <param name="probe">This machine's processes (tests substitute them).</param>
public sealed class ResultsIndex(string? root, IProcessProbe? probe = null)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);
    private readonly IProcessProbe _probe = probe ?? LocalProcesses.Instance;
    private readonly Lock _lock = new();
    private (DateTime At, IReadOnlyList<ResultsRun> Runs)? _cache;

    public string? Root => root;

    /// <summary>Every run folder, newest start first. Unreadable manifests are skipped.</summary>
    public IReadOnlyList<ResultsRun> All()
    {
        lock (_lock)
        {
            if (_cache is { } c && DateTime.UtcNow - c.At < Fresh)
            {
                return c.Runs;
            }
        }
        var runs = Scan();
        lock (_lock)
        {
            _cache = (DateTime.UtcNow, runs);
        }
        return runs;
    }

    /// <summary>Forgets the cached listing (a folder was just written).</summary>
    public void Invalidate()
    {
        lock (_lock)
        {
            _cache = null;
        }
    }

    /// <summary>Completed runs only, newest start first.</summary>
    public IReadOnlyList<ResultsRun> Completed() => All().Where(r => r.Status == "completed").ToList();

    /// <summary>The run folder <paramref name="runId"/> (any status), or null.</summary>
    public ResultsRun? Find(string runId) => All().FirstOrDefault(r => r.RunId == runId);

    private List<ResultsRun> Scan()
    {
        if (root is null || !Directory.Exists(root))
        {
            return [];
        }
        var now = DateTimeOffset.UtcNow;
        var found = new List<ResultsRun>();
        foreach (var manifestPath in ManifestPaths(root))
        {
            if (TryRead(manifestPath) is { } manifest)
            {
                string folder = System.IO.Path.GetDirectoryName(manifestPath)!;
                string status = manifest.Status == "running"
                    && RunLiveness.IsStale(manifest.MachineName, manifest.Pid, manifest.StartedUtc, manifest.Heartbeat?.UpdatedUtc, now, _probe)
                    ? "stale" : manifest.Status;
                found.Add(new ResultsRun(manifest.RunId, folder, manifest, status));
            }
        }
        return found.OrderByDescending(r => r.Manifest.StartedUtc).ToList();
    }

    /// <summary>The per-tick rows of <paramref name="run"/>'s <c>metrics.csv</c>, in the API's shape.</summary>
    public static List<Dictionary<string, object?>> ReadMetrics(ResultsRun run, int fromTick = 0, int maxTicks = int.MaxValue) =>
        ReadTicks(run, fromTick).Take(maxTicks).SelectMany(t => t.Rows).ToList();

    /// <summary>
    /// The rows of <c>metrics.csv</c> tick by tick from <paramref name="fromTick"/> on, read lazily: a
    /// reader holds one tick's rows at a time, however long the run.
    /// </summary>
    public static IEnumerable<(int Tick, List<Dictionary<string, object?>> Rows)> ReadTicks(ResultsRun run, int fromTick)
    {
        string path = System.IO.Path.Combine(run.Path, RunFolder.MetricsFile);
        if (!File.Exists(path))
        {
            yield break;
        }
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',') ?? [];
        var counts = MetricColumns.All.Where(c => c.IsCount).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        List<Dictionary<string, object?>>? rows = null;
        int current = -1;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var row = ParseRow(header, line.Split(','), counts);
            int tick = (int)row["tick"]!;
            if (tick < fromTick)
            {
                continue;
            }
            if (tick != current)
            {
                if (rows is not null)
                {
                    yield return (current, rows);
                }
                rows = [];
                current = tick;
            }
            rows!.Add(row);
        }
        if (rows is not null)
        {
            yield return (current, rows);
        }
    }

    private static Dictionary<string, object?> ParseRow(string[] header, string[] cells, HashSet<string> counts)
    {
        var row = new Dictionary<string, object?>(header.Length, StringComparer.Ordinal);
        for (int i = 0; i < header.Length && i < cells.Length; i++)
        {
            string name = header[i], cell = cells[i];
            row[name] = name switch
            {
                "scope" => cell,
                "tick" => int.Parse(cell, CultureInfo.InvariantCulture),
                _ when cell.Length == 0 => null,
                _ when counts.Contains(name) => long.Parse(cell, CultureInfo.InvariantCulture),
                _ => MetricJson.Finite(double.Parse(cell, CultureInfo.InvariantCulture)),
            };
        }
        return row;
    }

    private static IEnumerable<string> ManifestPaths(string dir)
    {
        IEnumerable<string> Children(string d)
        {
            try
            {
                return Directory.EnumerateDirectories(d).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return [];
            }
        }
        foreach (var child in Children(dir))
        {
            string manifest = System.IO.Path.Combine(child, RunFolder.ManifestFile);
            if (File.Exists(manifest))
            {
                yield return manifest;
                continue;
            }
            // A batch folder holds run folders one level down.
            foreach (var grandChild in Children(child))
            {
                string nested = System.IO.Path.Combine(grandChild, RunFolder.ManifestFile);
                if (File.Exists(nested))
                {
                    yield return nested;
                }
            }
        }
    }

    private static Manifest? TryRead(string manifestPath)
    {
        try
        {
            return JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(manifestPath), Manifest.Json);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Reads the scenario recorded in a manifest file (for replays).</summary>
    public static Scenario ReadScenario(string manifestPath) =>
        JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(manifestPath), Manifest.Json)!.Scenario;
}
