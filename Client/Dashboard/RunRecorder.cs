using OrleansGov.Client.Results;
using OrleansGov.Engine;
using OrleansGov.Grains;
using OrleansGov.Runs;
using OrleansGov.Scenarios;
using Serilog;

namespace OrleansGov.Client.Dashboard;

/// <summary>
/// Writes the results folder of a run started from the dashboard, like <c>orleansgov run</c> does: the
/// manifest says <c>running</c> until the end; each live intervention rewrites it with the run's timeline
/// as the coordinator holds it; <c>run.log</c> gets the lines about the run; the end goes through
/// <see cref="RunEnding.Write"/>, the one function that closes a folder (completeness check, write
/// failures recorded as <c>failed</c>). When the dashboard stops, its live runs are cancelled and
/// recorded <c>cancelled</c> with the ticks done — never left saying <c>running</c>.
/// </summary>
public sealed class RunRecorder(IGrainFactory grains, ILogger logger, string where, RunLogRouter logs, TimeSpan drainTimeout)
{
    /// <summary>The start of the manifest's <c>where</c> for runs started here.</summary>
    public const string WherePrefix = "dashboard, ";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>The manifest's <c>where</c> for runs this dashboard records.</summary>
    public string Where { get; } = WherePrefix + where;

    /// <summary>Creates the folder (the run id may get a suffix to stay unique), opens run.log and writes the first manifest.</summary>
    public Recording Begin(string resultsDir, string requestedId, Scenario scenario, IReadOnlyList<string> commandLine)
    {
        var folder = RunFolder.Create(resultsDir, requestedId, explicitId: false, out string runId)!;
        logs.Attach(runId, folder.File(RunFolder.LogFile));
        var manifest = Manifest.Start(runId, "orleans", Where, scenario, commandLine);
        folder.WriteManifest(manifest);
        folder.ReleaseClaim();
        logger.Information("Run {RunId}: {Scenario} seed {Seed}, {Ticks} ticks on {Where}", runId, scenario.Name, scenario.Seed, scenario.Ticks, Where);
        return new Recording(runId, folder, manifest);
    }

    /// <summary>
    /// Follows the run until it ends, then closes its folder. When <paramref name="stopping"/> fires first
    /// (the dashboard stops), cancels the run, waits up to the drain timeout for it to stop between
    /// ticks, and records it cancelled. Never throws.
    /// </summary>
    public async Task FollowAsync(Recording recording, CancellationToken stopping)
    {
        var coordinator = grains.GetGrain<IRunCoordinatorGrain>(recording.RunId);
        try
        {
            DateTime? drainDeadline = null;
            RunInfo info;
            while (true)
            {
                info = await coordinator.GetStatusAsync();
                if (info.IsFinished)
                {
                    break;
                }
                if (stopping.IsCancellationRequested)
                {
                    if (drainDeadline is null)
                    {
                        logger.Warning("Run {RunId}: the dashboard is stopping; cancelling the run after {Ticks} ticks", recording.RunId, info.TicksDone);
                        await coordinator.CancelAsync();
                        drainDeadline = DateTime.UtcNow + drainTimeout;
                    }
                    else if (DateTime.UtcNow > drainDeadline)
                    {
                        break;
                    }
                }
                await Task.Delay(Poll, CancellationToken.None);
            }
            await FinishAsync(recording, coordinator, info, stoppedByDashboard: drainDeadline is not null);
        }
        catch (Exception ex)
        {
            logger.Error(ex, "Run {RunId}: writing its results failed", recording.RunId);
        }
        finally
        {
            logs.Detach(recording.RunId);
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

    private async Task FinishAsync(Recording recording, IRunCoordinatorGrain coordinator, RunInfo info, bool stoppedByDashboard)
    {
        var silos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var rows = await coordinator.GetMetricsAsync(0);
        var scenario = await coordinator.GetScenarioAsync() ?? recording.Manifest.Scenario;
        var (status, error) = (info.Status, info.Error);
        if (stoppedByDashboard)
        {
            // Cancelled because the dashboard stopped (or still stopping at the deadline): say so.
            int ticks = rows.Length == 0 ? 0 : rows[^1].Tick + 1;
            (status, error) = info.Status == RunStatus.Completed
                ? (status, error)
                : (RunStatus.Cancelled, $"Cancelled when the dashboard stopped, after {ticks} of {scenario.Ticks} ticks.");
        }
        var outcome = new RunOutcome(status, rows, silos.Count, error);
        RunEnd end;
        lock (recording)
        {
            recording.Manifest = recording.Manifest with { Scenario = scenario };
            end = RunEnding.Write(recording.Folder, recording.Manifest, scenario, outcome, [RunFolder.LogFile]);
        }
        if (end.Error is null)
        {
            logger.Information("Run {RunId} ended {Status} after {Ticks} ticks", recording.RunId, RunEnding.StatusName(end.Status), end.TicksDone);
        }
        else
        {
            logger.Warning("Run {RunId} ended {Status} after {Ticks} ticks: {Error}", recording.RunId, RunEnding.StatusName(end.Status), end.TicksDone, end.Error);
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
