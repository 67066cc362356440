using System.Globalization;
using System.Text.Json;
using OrleansGov.Client.Results;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Dashboard;

/// <summary>A run found as a results folder under <c>--results</c>.</summary>
public sealed record ResultsRun(string RunId, string Path, Manifest Manifest);

/// <summary>
/// Reads results folders written by <c>run</c>, <c>batch</c> or the dashboard: folders one or two levels
/// under the results directory holding a <c>manifest.json</c> that says <c>completed</c>.
/// </summary>
public sealed class ResultsIndex(string? root)
{
    public string? Root => root;

    /// <summary>Completed runs, newest start first. Unreadable manifests are skipped.</summary>
    public IReadOnlyList<ResultsRun> Completed()
    {
        if (root is null || !Directory.Exists(root))
        {
            return [];
        }
        var found = new List<ResultsRun>();
        foreach (var manifestPath in ManifestPaths(root))
        {
            if (TryRead(manifestPath) is { } run && run.Manifest.Status == "completed")
            {
                found.Add(run);
            }
        }
        return found.OrderByDescending(r => r.Manifest.StartedUtc).ToList();
    }

    /// <summary>The completed run <paramref name="runId"/>, or null.</summary>
    public ResultsRun? Find(string runId) => Completed().FirstOrDefault(r => r.RunId == runId);

    /// <summary>The per-tick rows of <paramref name="run"/>'s <c>metrics.csv</c>, in the API's shape.</summary>
    public static List<Dictionary<string, object?>> ReadMetrics(ResultsRun run)
    {
        var rows = new List<Dictionary<string, object?>>();
        string path = System.IO.Path.Combine(run.Path, RunFolder.MetricsFile);
        if (!File.Exists(path))
        {
            return rows;
        }
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',') ?? [];
        var counts = MetricColumns.All.Where(c => c.IsCount).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var cells = line.Split(',');
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
            rows.Add(row);
        }
        return rows;
    }

    private static IEnumerable<string> ManifestPaths(string dir)
    {
        IEnumerable<string> Children(string d)
        {
            try
            {
                return Directory.EnumerateDirectories(d);
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

    private static ResultsRun? TryRead(string manifestPath)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(manifestPath), Manifest.Json);
            return manifest is null ? null : new ResultsRun(manifest.RunId, System.IO.Path.GetDirectoryName(manifestPath)!, manifest);
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
