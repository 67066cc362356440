using OrleansGov.Engine;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Results;

/// <summary>How a run ended, as written to its folder.</summary>
public sealed record RunEnd(RunStatus Status, string? Error, int TicksDone);

/// <summary>
/// Writes the end of a run into its folder — metrics, the summary of a completed run, and the final
/// manifest last — the one way `run` and `batch` close a results folder, so a folder only says
/// "completed" when every tick of every scope is in it.
/// </summary>
public static class RunEnding
{
    /// <param name="files">Files already in the folder besides the manifest (e.g. the run log).</param>
    public static RunEnd Write(RunFolder folder, Manifest manifest, Scenario scenario, RunOutcome outcome, IEnumerable<string> files)
    {
        var (status, error) = Check(outcome, scenario);
        var written = new List<string> { RunFolder.ManifestFile };
        written.AddRange(files);
        try
        {
            folder.WriteMetrics(outcome.Metrics, scenario);
            written.Add(RunFolder.MetricsFile);
            if (status == RunStatus.Completed)
            {
                folder.WriteSummary(scenario, outcome.Metrics);
                written.Add(RunFolder.SummaryFile);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            (status, error) = (RunStatus.Failed, "writing results failed: " + ex.Message);
        }
        int ticksDone = outcome.Metrics.Count == 0 ? 0 : outcome.Metrics.Max(r => r.Tick) + 1;
        folder.WriteManifest(manifest with
        {
            Status = StatusName(status),
            Error = error,
            SiloCount = outcome.SiloCount,
            TicksCompleted = ticksDone,
            EndedUtc = DateTimeOffset.UtcNow,
            Files = written,
        });
        return new RunEnd(status, error, ticksDone);
    }

    /// <summary>A "completed" outcome must hold every tick of every scope, or it is not complete.</summary>
    public static (RunStatus Status, string? Error) Check(RunOutcome outcome, Scenario scenario)
    {
        if (outcome.Status != RunStatus.Completed)
        {
            var status = outcome.Status is RunStatus.Cancelled ? RunStatus.Cancelled : RunStatus.Failed;
            return (status, outcome.Error ?? (status == RunStatus.Cancelled ? "Cancelled." : "The run ended with status " + outcome.Status + "."));
        }
        int expected = scenario.Ticks * (scenario.Provinces.Length + 1);
        if (outcome.Metrics.Count != expected)
        {
            return (RunStatus.Failed, $"The engine reported completion with {outcome.Metrics.Count} metric rows; expected {expected} (ticks × (provinces + 1)).");
        }
        return (RunStatus.Completed, null);
    }

    /// <summary>The manifest's spelling of a status.</summary>
    public static string StatusName(RunStatus status) => status.ToString().ToLowerInvariant();
}
