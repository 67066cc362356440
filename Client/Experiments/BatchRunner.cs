using System.Diagnostics;
using System.Globalization;
using OrleansGov.Client.Commands;
using OrleansGov.Client.Hosting;
using OrleansGov.Client.Logging;
using OrleansGov.Client.Progress;
using OrleansGov.Client.Results;
using OrleansGov.Client.Results.Outputs;
using OrleansGov.Checkpoints;
using OrleansGov.Engine;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Scenarios;
using Spectre.Console;

namespace OrleansGov.Client.Experiments;

/// <summary>How the batch's runs ended in this invocation.</summary>
/// <param name="ClusterLost">Why the batch stopped early because its cluster was gone (no silo left), or null.</param>
public sealed record BatchRunOutcome(int Ran, int Completed, int Failed, bool Cancelled, string? ClusterLost = null);

/// <summary>
/// Runs a batch's pending runs through one engine, <c>parallel</c> at a time, each into its own
/// results folder (manifest first with status <c>running</c>, rewritten last), so each run's results
/// are on disk as soon as it ends and nothing of it stays in memory. A failed run is recorded and the
/// batch goes on; cancellation stops the running runs between ticks (status <c>cancelled</c>).
/// With the reference engine, runs that are the same run up to a tick share that prefix
/// (<see cref="SharedPrefixes"/>); on a cluster each run goes whole to one silo (<see cref="EnsembleEngine"/>),
/// and a cluster with no silo left stops the batch (<see cref="BatchRunOutcome.ClusterLost"/>).
/// Every verb that runs a set of runs goes through <see cref="RunPendingAsync"/>, so it gets both.
/// </summary>
public sealed partial class BatchRunner(CliContext cli, BatchFolder folder, Experiment experiment, ISimulationEngine engine, string where,
    RunLog log, IReadOnlyList<string> commandLine)
{
    /// <summary>
    /// Engine run ids carry a token of this invocation, so a resumed batch on an external cluster never
    /// meets the grains of an earlier, interrupted attempt of the same run.
    /// </summary>
    private readonly string _attempt = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Share prefixes between runs that are the same run up to a tick (reference engine only).</summary>
    public bool SharePrefixes { get; init; } = true;

    private Dictionary<string, PrefixSlot> _prefixOf = new();
    private string? _clusterLost;

    public async Task<BatchRunOutcome> RunAsync(IReadOnlyList<PlannedRun> pending, int parallel, bool quiet, CancellationToken cancellationToken)
    {
        pending = PlanPrefixes(pending, quiet);
        int completed = 0, failed = 0, started = 0;
        var clock = Stopwatch.StartNew();
        bool live = !quiet && cli.Out.Profile.Capabilities.Interactive && cli.Out.Profile.Capabilities.Ansi;
        ProgressTask? bar = null;

        var gate = new Lock();
        async Task Body(PlannedRun run, CancellationToken token)
        {
            Interlocked.Increment(ref started);
            var status = await RunOneAsync(run, token);
            lock (gate)
            {
                completed += status == RunStatus.Completed ? 1 : 0;
                failed += status == RunStatus.Failed ? 1 : 0;
                int done = completed + failed;
                if (bar is not null)
                {
                    bar.Value = done;
                    bar.Description = Describe(done, pending.Count, failed);
                }
                else if (!quiet && status != RunStatus.Cancelled)
                {
                    var elapsed = clock.Elapsed;
                    var eta = done == 0 ? TimeSpan.Zero : elapsed / done * (pending.Count - done);
                    cli.Line(string.Format(CultureInfo.InvariantCulture, "[{0}/{1}] {2} {3}; {4} failed; elapsed {5:hh\\:mm\\:ss}, ETA {6:hh\\:mm\\:ss}",
                        done, pending.Count, run.Name, RunEnding.StatusName(status), failed, elapsed, eta));
                }
            }
        }

        async Task RunAll()
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = parallel };
            try
            {
                // Not cancelled through the options: every started run must end with its manifest written.
                await Parallel.ForEachAsync(pending, options, async (run, _) =>
                {
                    if (!cancellationToken.IsCancellationRequested && Volatile.Read(ref _clusterLost) is null)
                    {
                        await Body(run, cancellationToken);
                    }
                });
            }
            finally
            {
                bar?.StopTask();
            }
        }

        if (live)
        {
            log.Echo(false);
            try
            {
                await cli.Out.Progress().AutoClear(false)
                    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                        new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async context =>
                    {
                        bar = context.AddTask(Describe(0, pending.Count, 0), maxValue: Math.Max(1, pending.Count));
                        await RunAll();
                    });
            }
            finally
            {
                log.Echo(true);
            }
        }
        else
        {
            await RunAll();
        }
        WritePlacements(quiet);
        return new BatchRunOutcome(started, completed, failed, cancellationToken.IsCancellationRequested, _clusterLost);
    }

    private static string Describe(int done, int total, int failed) =>
        Markup.Escape(string.Format(CultureInfo.InvariantCulture, "runs {0}/{1} done, {2} failed", done, total, failed));

    /// <summary>Runs one planned run into <c>runs/&lt;name&gt;/</c>, replacing any incomplete leftovers there.</summary>
    private async Task<RunStatus> RunOneAsync(PlannedRun run, CancellationToken cancellationToken)
    {
        var scenario = experiment.ScenarioFor(run);
        var plan = RunPlan.Default;
        string runWhere = where;
        if (_prefixOf.TryGetValue(run.Name, out var prefix))
        {
            RunCheckpoint? checkpoint;
            try
            {
                checkpoint = await prefix.TakeAsync(cancellationToken);
            }
            catch (ClusterUnavailableException ex)
            {
                Interlocked.CompareExchange(ref _clusterLost, ex.Message, null);
                return RunStatus.Cancelled; // not started: the batch stops, --resume does it
            }
            catch (OperationCanceledException)
            {
                return RunStatus.Cancelled;
            }
            if (checkpoint is not null)
            {
                plan = new RunPlan { From = checkpoint };
                runWhere += $"; ticks 0-{prefix.Group.Tick - 1} from the shared prefix {prefix.Group.Id}";
            }
        }
        if (cancellationToken.IsCancellationRequested)
        {
            return RunStatus.Cancelled; // nothing of it started: its folder stays as it was
        }
        string runsDir = folder.File(BatchFolder.RunsDir);
        string path = folder.RunPath(run);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        var runFolder = RunFolder.Create(runsDir, run.Name, explicitId: true, out _)
            ?? throw new IOException($"{path} appeared while the batch was running");
        string engineRunId = $"{experiment.Plan.Name}-{run.Name}-{_attempt}";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var writer = RunWriter.Start(runFolder, Manifest.Start(engineRunId, engine.Name, runWhere, scenario, commandLine), _ => stop.Cancel());
        // Runs that declare outputs never join a shared prefix (SharedPrefixes.Plan), so they start at tick 0.
        var outputs = OutputWriter.For(runFolder, scenario, 0, _ => stop.Cancel());
        log.Logger.Information("Run {Run} ({RunId}): arm {Arm}, seed {Seed}", run.Name, engineRunId, run.Arm.Id, scenario.Seed);

        RunOutcome outcome;
        try
        {
            var ticks = cli.AfterTick is { } hook ? new TickSinks(writer.RecordTick, hook) : new TickSinks(writer.RecordTick);
            outcome = await engine.RunAsync(engineRunId, scenario, outputs is null ? plan : plan with { Outputs = outputs.WriteAsync }, ticks, stop.Token);
        }
        catch (ClusterUnavailableException ex)
        {
            Interlocked.CompareExchange(ref _clusterLost, ex.Message, null);
            log.Logger.Error("Run {Run}: the cluster is gone: {Error}", run.Name, ex.Message);
            outcome = new RunOutcome(RunStatus.Failed, writer.RecordedRows, 0, "The cluster is gone: " + ex.Message);
        }
        catch (Exception ex)
        {
            bool cancelled = ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
            log.Logger.Error(ex, "Run {Run}: the engine threw", run.Name);
            outcome = new RunOutcome(cancelled ? RunStatus.Cancelled : RunStatus.Failed, writer.RecordedRows, 0, cancelled ? "Cancelled." : ex.Message);
        }
        var files = new List<string>();
        outcome = OutputsClosing.Close(outputs, outcome, files);
        var (status, error, _) = writer.Finish(outcome, files);
        if (status == RunStatus.Failed)
        {
            log.Logger.Error("Run {Run} failed: {Error}", run.Name, error);
        }
        return status;
    }
}
