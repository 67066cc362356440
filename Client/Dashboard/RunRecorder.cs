using OrleansGov.Client.Commands;
using OrleansGov.Client.Results;
using OrleansGov.Grains;
using OrleansGov.Runs;
using OrleansGov.Scenarios;
using Serilog;

namespace OrleansGov.Client.Dashboard;

/// <summary>
/// Writes the results folder of a run started from the dashboard, like <c>orleansgov run</c> does:
/// the manifest says <c>running</c> until the end; each live intervention rewrites it with the run's
/// timeline as the coordinator holds it; at the end come metrics.csv, summary.json (completed only)
/// and the final manifest, whose scenario replays the run exactly.
/// </summary>
public sealed class RunRecorder(IGrainFactory grains, ILogger logger, string where)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>Creates the folder (the run id may get a suffix to stay unique) and writes the first manifest.</summary>
    public Recording Begin(string resultsDir, string requestedId, Scenario scenario, IReadOnlyList<string> commandLine)
    {
        var folder = RunFolder.Create(resultsDir, requestedId, explicitId: false, out string runId)!;
        var manifest = Manifest.Start(runId, "orleans", where, scenario, commandLine);
        folder.WriteManifest(manifest);
        folder.ReleaseClaim();
        return new Recording(runId, folder, manifest);
    }

    /// <summary>Follows the run until it ends, then writes its files. Never throws.</summary>
    public async Task FollowAsync(Recording recording, CancellationToken stopping)
    {
        var coordinator = grains.GetGrain<IRunCoordinatorGrain>(recording.RunId);
        try
        {
            RunInfo info;
            while (true)
            {
                info = await coordinator.GetStatusAsync();
                if (info.IsFinished || stopping.IsCancellationRequested)
                {
                    break;
                }
                await Task.Delay(Poll, CancellationToken.None);
            }
            if (!info.IsFinished)
            {
                return; // the dashboard is stopping: the folder keeps saying "running", never "completed"
            }
            await FinishAsync(recording, coordinator, info);
        }
        catch (Exception ex)
        {
            logger.Error(ex, "Writing the results of run {RunId} failed", recording.RunId);
        }
    }

    /// <summary>Rewrites the manifest with the scenario the coordinator holds now (after a live intervention).</summary>
    public async Task UpdateScenarioAsync(Recording recording)
    {
        var scenario = await grains.GetGrain<IRunCoordinatorGrain>(recording.RunId).GetScenarioAsync();
        if (scenario is not null)
        {
            lock (recording)
            {
                recording.Manifest = recording.Manifest with { Scenario = scenario };
                recording.Folder.WriteManifest(recording.Manifest);
            }
        }
    }

    private async Task FinishAsync(Recording recording, IRunCoordinatorGrain coordinator, RunInfo info)
    {
        var silos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var rows = await coordinator.GetMetricsAsync(0);
        var scenario = await coordinator.GetScenarioAsync() ?? recording.Manifest.Scenario;
        var files = new List<string> { RunFolder.ManifestFile };
        recording.Folder.WriteMetrics(rows, scenario);
        files.Add(RunFolder.MetricsFile);
        if (info.Status == RunStatus.Completed)
        {
            recording.Folder.WriteSummary(scenario, rows);
            files.Add(RunFolder.SummaryFile);
        }
        lock (recording)
        {
            recording.Manifest = recording.Manifest with
            {
                Status = RunEnding.StatusName(info.Status),
                Error = info.Error,
                SiloCount = silos.Count,
                TicksCompleted = info.TicksDone,
                EndedUtc = DateTimeOffset.UtcNow,
                Files = files,
                Scenario = scenario,
            };
            recording.Folder.WriteManifest(recording.Manifest);
        }
    }
}

/// <summary>A run whose results folder the dashboard writes.</summary>
public sealed class Recording(string runId, RunFolder folder, Manifest manifest)
{
    public string RunId { get; } = runId;
    public RunFolder Folder { get; } = folder;
    public Manifest Manifest { get; set; } = manifest;
}
