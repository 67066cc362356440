using System.Text.Json;
using OrleansGov.Client.Results;

namespace OrleansGov.Client.Experiments;

/// <summary>
/// The layout of a batch folder: <c>experiment.json</c> (the plan), <c>experiment.yaml</c> (the file
/// as given), <c>runs/&lt;arm&gt;-r&lt;NN&gt;/</c> (one ordinary results folder per run), the tables,
/// <c>report.md</c> and <c>plots/</c>.
/// </summary>
public sealed class BatchFolder(string path)
{
    public const string RunsDir = "runs", PlotsDir = "plots", LogFile = "batch.log", SourceCopy = "experiment.yaml";
    public const string RunsCsv = "runs.csv", SeriesCsv = "series.csv", SeriesParquet = "series.parquet",
        ComparisonCsv = "comparison.csv", ReportMd = "report.md";

    public string Path { get; } = path;

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string RunPath(PlannedRun run) => File(RunsDir, run.Name);

    public string PlanPath => File(BatchPlan.FileName);

    /// <summary>The status in a run folder's manifest: completed, failed, cancelled, running, or "missing" (no folder or no manifest).</summary>
    public string RunStatus(PlannedRun run) => ReadManifest(run) is { } m && m.RootElement.TryGetProperty("status", out var s)
        ? s.GetString() ?? "missing"
        : "missing";

    /// <summary>A run is done iff its folder's manifest says completed.</summary>
    public bool IsCompleted(PlannedRun run) => RunStatus(run) == "completed";

    public JsonDocument? ReadManifest(PlannedRun run)
    {
        string manifest = System.IO.Path.Combine(RunPath(run), RunFolder.ManifestFile);
        if (!System.IO.File.Exists(manifest))
        {
            return null;
        }
        try
        {
            return JsonDocument.Parse(System.IO.File.ReadAllBytes(manifest));
        }
        catch (JsonException)
        {
            return null; // a torn manifest cannot happen with atomic writes, but would mean "not completed"
        }
    }
}
