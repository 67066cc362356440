using OrleansGov.Checkpoints;
using OrleansGov.Client.Hosting;
using OrleansGov.Client.Logging;
using OrleansGov.Client.Progress;
using OrleansGov.Client.Results;
using OrleansGov.Engine;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Scenarios;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>
/// <c>orleansgov run</c>: validate everything first (bad input writes nothing), start the engine,
/// then write the results folder with the manifest saying <c>running</c> until the very end.
/// </summary>
public sealed class RunCommand(CliContext cli) : AsyncCommand<RunSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken) =>
        ExecuteAsync(settings, context.Arguments, cancellationToken);

    /// <summary>The results folder the last run wrote (whatever its status), or null when none was made; <c>rerun</c> reads it.</summary>
    internal string? Folder { get; private set; }

    /// <summary>Runs with <paramref name="settings"/>; <paramref name="arguments"/> is the command line the manifest records.</summary>
    internal async Task<int> ExecuteAsync(RunSettings settings, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        Scenario scenario;
        RunCheckpoint? from = null;
        if (settings.From is not null)
        {
            if (ForkInput.TryLoad(settings, out string? forkError) is not { } fork)
            {
                cli.Error.WriteLine("error: " + forkError);
                return ExitCodes.BadInput;
            }
            (scenario, from) = fork;
        }
        else
        {
            var loaded = ScenarioInput.TryLoad(settings.Scenario, out string? error);
            if (loaded is null)
            {
                cli.Error.WriteLine("error: " + error);
                return ExitCodes.BadInput;
            }
            scenario = ScenarioInput.WithOverrides(loaded, settings.Seed, settings.Ticks, out var notes);
            foreach (var note in notes)
            {
                cli.Error.WriteLine($"note: --ticks {scenario.Ticks} {note}");
            }
        }
        if (SetOptions.Apply(scenario, settings.Set, out string? setError) is not { } changed)
        {
            cli.Error.WriteLine("error: " + setError);
            return ExitCodes.BadInput;
        }
        scenario = changed;
        if (from is not null && settings.Set is { Length: > 0 } && Checkpoint.Mismatch(from.Meta, scenario) is { } mismatch)
        {
            cli.Error.WriteLine($"error: --set: the checkpoint of --from {settings.From} cannot continue the changed scenario: {mismatch}");
            return ExitCodes.BadInput;
        }
        if (!SizeCheck.Admit(cli, [scenario], settings.Engine, settings.Cluster, settings.MaxAgents))
        {
            return ExitCodes.BadInput;
        }
        if (OutputPath.Problem("--out", settings.Out) is { } outProblem)
        {
            cli.Error.WriteLine("error: " + outProblem);
            return ExitCodes.BadInput;
        }
        if (settings.RunId is not null && Path.Exists(Path.Combine(settings.Out, settings.RunId)))
        {
            cli.Error.WriteLine($"error: {Path.Combine(settings.Out, settings.RunId)} already exists; choose another --run-id");
            return ExitCodes.BadInput;
        }

        using var log = new RunLog(cli.Error);
        var (session, exitCode) = await EngineSession.StartForCommandAsync(
            settings.Engine, settings.Cluster, log.Logger, cli.Error, "cancelled before the run started; nothing written", cancellationToken);
        if (session is null)
        {
            return exitCode;
        }
        await using (session)
        {
            try
            {
                return await RunAsync(session, scenario, from, settings, log, arguments, cancellationToken);
            }
            finally
            {
                // What the silo logs while it shuts down goes to run.log only: the outcome is already on screen.
                log.Echo(false);
            }
        }
    }

    private async Task<int> RunAsync(EngineSession session, Scenario scenario, RunCheckpoint? from, RunSettings settings, RunLog log,
        IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var (folder, runId, taken) = await CreateFolderAsync(session.Engine, scenario, settings);
        if (folder is null)
        {
            cli.Error.WriteLine("error: " + taken);
            return ExitCodes.BadInput;
        }
        Folder = folder.Path;
        log.AttachFile(folder.File(RunFolder.LogFile));
        // A failed write (a full disk) stops the run between ticks; it is then recorded as failed with that error.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        RunWriter writer;
        try
        {
            var manifest = Manifest.Start(runId, session.Engine.Name, session.Where, scenario, arguments) with
            {
                CheckpointEvery = settings.EffectiveCheckpointEvery,
                ForkedFrom = from is null ? null : new ForkSource(Path.GetFullPath(settings.From!), from.Meta.Tick),
            };
            writer = RunWriter.Start(folder, manifest, _ => stop.Cancel());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            folder.RemoveUnstarted();
            cli.Error.WriteLine($"error: cannot write the results folder {folder.Path}: {ex.Message}");
            return ExitCodes.Failed;
        }
        var exported = new List<string>();
        using (writer)
        {
            RunOutcome outcome;
            try
            {
                log.Logger.Information("Run {RunId}: {Scenario} seed {Seed}, {Ticks} ticks on {Where}", runId, scenario.Name, scenario.Seed, scenario.Ticks, session.Where);
                if (!settings.Quiet && !settings.Json)
                {
                    cli.Line($"run {runId}: {scenario.Name}, seed {scenario.Seed}, {scenario.Ticks} ticks, {session.Engine.Name} engine ({session.Where})");
                }
                var engine = cli.WrapEngine?.Invoke(session.Engine) ?? session.Engine;
                var plan = new RunPlan
                {
                    CheckpointEvery = settings.EffectiveCheckpointEvery,
                    From = from,
                    Export = settings.ExportCheckpoints ? checkpoint => ExportAsync(folder, checkpoint, exported) : null,
                };
                outcome = await RunEngineAsync(engine, runId, scenario, plan, settings.Quiet || settings.Json, log, writer, stop.Token, cancellationToken);
                foreach (var recovery in outcome.Recoveries)
                {
                    log.Logger.Warning("Run {RunId} recovered: tick {Lost} lost, resumed from tick {Resumed} in {Seconds:0.0} s ({Cause})",
                        runId, recovery.TickLost, recovery.TickResumed, recovery.Seconds, recovery.Cause);
                }
            }
            catch (Exception ex)
            {
                // Anything else that breaks the run (the console itself failing, say) still closes the folder as failed.
                log.Logger.Error(ex, "The run broke off");
                outcome = new RunOutcome(RunStatus.Failed, writer.RecordedRows, 0, ex.Message);
            }
            var end = writer.Finish(outcome, [RunFolder.LogFile, .. exported]);
            log.Logger.Information("Run {RunId} ended {Status} after {Ticks} ticks", runId, RunEnding.StatusName(end.Status), end.TicksDone);
            if (!end.ManifestWritten)
            {
                cli.Error.WriteLine($"error: not even the manifest could be written; {folder.Path} has none, so it is not taken for a run");
            }
            int exit = Report(end.Status, end.Error, folder.Path, end.TicksDone, scenario.Ticks, settings);
            if (settings.Json)
            {
                cli.Line(RunJson.Of(writer.Manifest, folder.Path, exit));
            }
            return exit;
        }
    }

    /// <summary>
    /// Picks the run id and creates its folder. An id must be free both under --out and, on a shared
    /// cluster, among the cluster's runs (reserved there first, so nothing is written under a taken id):
    /// an explicit --run-id that is taken is refused; a default id takes the next suffix (-2, -3, …).
    /// </summary>
    private static async Task<(RunFolder? Folder, string RunId, string? Taken)> CreateFolderAsync(ISimulationEngine engine, Scenario scenario, RunSettings settings)
    {
        string baseId = settings.RunId ?? RunFolder.DefaultRunId(scenario, DateTimeOffset.UtcNow);
        string claimant = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        for (int attempt = 1; attempt <= 1000; attempt++)
        {
            string id = attempt == 1 ? baseId : $"{baseId}-{attempt}";
            bool explicitId = settings.RunId is not null;
            if (!explicitId && Path.Exists(Path.Combine(settings.Out, id)))
            {
                continue;
            }
            if (engine is IRunIdClaims cluster && !await cluster.TryClaimRunIdAsync(id, claimant))
            {
                if (explicitId)
                {
                    return (null, id, $"run id '{id}' is already in use on the cluster; choose another --run-id");
                }
                continue;
            }
            var folder = RunFolder.Create(settings.Out, id, explicitId: true, out _);
            if (folder is not null)
            {
                return (folder, id, null);
            }
            if (explicitId)
            {
                return (null, id, $"{Path.Combine(settings.Out, id)} already exists; choose another --run-id");
            }
        }
        return (null, baseId, $"no free run id after {baseId}-1000 under {settings.Out}");
    }

    /// <summary>Writes one checkpoint into the run's folder as <c>checkpoints/tick-T.ogck</c> (under a temporary name, renamed into place).</summary>
    private static Task ExportAsync(RunFolder folder, RunCheckpoint checkpoint, List<string> exported)
    {
        Directory.CreateDirectory(folder.File(Checkpoint.FolderName));
        string name = Path.Combine(Checkpoint.FolderName, Checkpoint.FileName(checkpoint.Meta.Tick));
        AtomicFile.Write(folder.File(name), stream => Checkpoint.WriteFile(stream, checkpoint));
        exported.Add(name.Replace('\\', '/'));
        return Task.CompletedTask;
    }

    private async Task<RunOutcome> RunEngineAsync(ISimulationEngine engine, string runId, Scenario scenario, RunPlan plan, bool quiet, RunLog log, RunWriter writer,
        CancellationToken stop, CancellationToken userCancel)
    {
        var progress = RunProgress.For(cli, quiet, scenario.TicksPerYear);
        // Each tick reaches the folder before the screen: a console that fails never loses rows.
        var ticks = new TickSinks(writer.RecordTick, progress.Report);
        try
        {
            return await progress.ShowAsync(log, scenario.Ticks, _ => engine.RunAsync(runId, scenario, plan, ticks, stop));
        }
        catch (Exception ex)
        {
            // Engines report failure in the outcome; an exception anyway still must not lose the ticks done.
            bool cancelled = ex is OperationCanceledException && userCancel.IsCancellationRequested;
            log.Logger.Error(ex, "The engine threw");
            return new RunOutcome(cancelled ? RunStatus.Cancelled : RunStatus.Failed, writer.RecordedRows, 0, cancelled ? "Cancelled." : ex.Message);
        }
    }

    /// <summary>The outcome on screen: stdout says where the folder is (with -q only that; with --json nothing, the JSON follows), stderr what went wrong.</summary>
    private int Report(RunStatus status, string? message, string path, int ticksDone, int ticks, RunSettings settings)
    {
        if (settings.Quiet && !settings.Json)
        {
            cli.Line(path);
        }
        bool plain = !settings.Quiet && !settings.Json;
        switch (status)
        {
            case RunStatus.Completed:
                if (plain) cli.Line($"completed: {path}");
                return ExitCodes.Ok;
            case RunStatus.Cancelled:
                cli.Error.WriteLine($"cancelled after {ticksDone} of {ticks} ticks; partial results in {path} (status cancelled)");
                return ExitCodes.Cancelled;
            default:
                cli.Error.WriteLine($"error: the run failed after {ticksDone} of {ticks} ticks: {message}");
                cli.Error.WriteLine($"partial results in {path} (status failed)");
                return ExitCodes.Failed;
        }
    }
}
