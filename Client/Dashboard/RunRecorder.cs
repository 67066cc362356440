using OrleansGov.Client.Results;
using OrleansGov.Engine;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Scenarios;
using Serilog;

namespace OrleansGov.Client.Dashboard;

/// <summary>
/// Writes the results folder of a run started from the dashboard, like <c>orleansgov run</c> does: the
/// manifest says <c>running</c> until the end; each live intervention rewrites it with the run's timeline
/// as the coordinator holds it; <c>run.log</c> gets the lines about the run; ticks are appended to
/// <c>metrics.csv</c> as the follower sees them, with the manifest's heartbeat, and the end goes through
/// <see cref="RunWriter"/>, the one writer that records and closes a folder (completeness check, write
/// failures recorded as <c>failed</c>). When the dashboard stops, its live runs are cancelled and
/// recorded <c>cancelled</c> with the ticks done — never left saying <c>running</c>.
/// </summary>
public sealed class RunRecorder(IGrainFactory grains, ILogger logger, string where, RunLogRouter logs, TimeSpan drainTimeout)
{
    /// <summary>The start of the manifest's <c>where</c> for runs started here.</summary>
    public const string WherePrefix = "dashboard, ";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>Tests: runs once the run's end is known, before its folder is closed (to lose the coordinator's activation there).</summary>
    internal Func<Task>? AfterEnd { get; init; }

    /// <summary>The manifest's <c>where</c> for runs this dashboard records.</summary>
    public string Where { get; } = WherePrefix + where;

    /// <summary>Creates the folder (the run id may get a suffix to stay unique), opens run.log and writes the first manifest.</summary>
    public Recording Begin(string resultsDir, string requestedId, Scenario scenario, IReadOnlyList<string> commandLine)
    {
        var folder = RunFolder.Create(resultsDir, requestedId, explicitId: false, out string runId)!;
        logs.Attach(runId, folder.File(RunFolder.LogFile));
        var manifest = Manifest.Start(runId, "orleans", Where, scenario, commandLine);
        var writer = RunWriter.Start(folder, manifest);
        logger.Information("Run {RunId}: {Scenario} seed {Seed}, {Ticks} ticks on {Where}", runId, scenario.Name, scenario.Seed, scenario.Ticks, Where);
        return new Recording(runId, writer);
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
                await RecordNewTicksAsync(recording, coordinator, info);
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
            if (AfterEnd is { } afterEnd)
            {
                await afterEnd();
            }
            await FinishAsync(recording, coordinator, info, stoppedByDashboard: drainDeadline is not null);
        }
        catch (Exception ex)
        {
            logger.Error(ex, "Run {RunId}: writing its results failed", recording.RunId);
        }
        finally
        {
            recording.Writer.Dispose();
            logs.Detach(recording.RunId);
        }
    }

    /// <summary>Appends the ticks completed since the last poll to <c>metrics.csv</c> (a crash then leaves a prefix).</summary>
    private static async Task RecordNewTicksAsync(Recording recording, IRunCoordinatorGrain coordinator, RunInfo info)
    {
        if (info.TicksDone <= recording.TicksRecorded)
        {
            return;
        }
        var rows = await coordinator.GetMetricsAsync(recording.TicksRecorded);
        foreach (var tick in rows.GroupBy(row => row.Tick).OrderBy(group => group.Key))
        {
            if (tick.Key != recording.TicksRecorded)
            {
                break;
            }
            recording.Writer.RecordTick(new TickMetrics(recording.RunId, tick.Key, info.TotalTicks, tick.ToArray()));
            recording.TicksRecorded++;
        }
    }

    /// <summary>Rewrites the manifest with the scenario the coordinator holds now (after a live intervention).</summary>
    public async Task UpdateScenarioAsync(Recording recording)
    {
        var scenario = await grains.GetGrain<IRunCoordinatorGrain>(recording.RunId).GetScenarioAsync();
        if (scenario is not null)
        {
            recording.Writer.UpdateScenario(scenario);
        }
    }

    private async Task FinishAsync(Recording recording, IRunCoordinatorGrain coordinator, RunInfo info, bool stoppedByDashboard)
    {
        var silos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var rows = await coordinator.GetMetricsAsync(0);
        if (rows.Length < recording.Writer.RecordedRows.Count)
        {
            // The activation that answered took the place of the run's after its end (Orleans deactivates a
            // survivor's activation whose directory entry died with a silo): it knows the status, not the rows.
            // The ticks this recorder appended as they came are the run's.
            rows = recording.Writer.RecordedRows.ToArray();
        }
        var scenario = await coordinator.GetScenarioAsync() ?? recording.Writer.Manifest.Scenario;
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
        var end = recording.Writer.Finish(outcome, [RunFolder.LogFile], scenario);
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
public sealed class Recording(string runId, RunWriter writer)
{
    public string RunId { get; } = runId;
    public RunWriter Writer { get; } = writer;
    public RunFolder Folder => Writer.Folder;
    public Manifest Manifest => Writer.Manifest;
    /// <summary>Ticks already appended to <c>metrics.csv</c> (only the follower's loop advances it).</summary>
    public int TicksRecorded { get; set; }
}
