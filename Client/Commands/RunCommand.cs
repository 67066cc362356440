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
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
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
            scenario = ScenarioInput.WithOverrides(loaded, settings.Seed, settings.Ticks, out var dropped);
            foreach (var e in dropped)
            {
                cli.Error.WriteLine($"note: --ticks {scenario.Ticks} drops the timeline event at tick {e.Tick} ({e.Kind})");
            }
        }
        if (settings.RunId is not null && Directory.Exists(Path.Combine(settings.Out, settings.RunId)))
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
            return await RunAsync(session, scenario, from, settings, log, context.Arguments, cancellationToken);
        }
    }

    private async Task<int> RunAsync(EngineSession session, Scenario scenario, RunCheckpoint? from, RunSettings settings, RunLog log,
        IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        string requestedId = settings.RunId ?? RunFolder.DefaultRunId(scenario, DateTimeOffset.UtcNow);
        var folder = RunFolder.Create(settings.Out, requestedId, explicitId: settings.RunId is not null, out string runId);
        if (folder is null)
        {
            cli.Error.WriteLine($"error: {Path.Combine(settings.Out, requestedId)} already exists; choose another --run-id");
            return ExitCodes.BadInput;
        }
        log.AttachFile(folder.File(RunFolder.LogFile));
        var manifest = Manifest.Start(runId, session.Engine.Name, session.Where, scenario, arguments) with
        {
            CheckpointEvery = settings.EffectiveCheckpointEvery,
            ForkedFrom = from is null ? null : new ForkSource(Path.GetFullPath(settings.From!), from.Meta.Tick),
        };
        folder.WriteManifest(manifest);
        folder.ReleaseClaim();
        log.Logger.Information("Run {RunId}: {Scenario} seed {Seed}, {Ticks} ticks on {Where}", runId, scenario.Name, scenario.Seed, scenario.Ticks, session.Where);
        if (!settings.Quiet)
        {
            cli.Line($"run {runId}: {scenario.Name}, seed {scenario.Seed}, {scenario.Ticks} ticks, {session.Engine.Name} engine ({session.Where})");
        }

        var engine = cli.WrapEngine?.Invoke(session.Engine) ?? session.Engine;
        var exported = new List<string>();
        var plan = new RunPlan
        {
            CheckpointEvery = settings.EffectiveCheckpointEvery,
            From = from,
            Export = settings.ExportCheckpoints ? checkpoint => ExportAsync(folder, checkpoint, exported) : null,
        };
        var outcome = await RunEngineAsync(engine, runId, scenario, plan, settings.Quiet, log, cancellationToken);
        foreach (var recovery in outcome.Recoveries)
        {
            log.Logger.Warning("Run {RunId} recovered: tick {Lost} lost, resumed from tick {Resumed} in {Seconds:0.0} s ({Cause})",
                runId, recovery.TickLost, recovery.TickResumed, recovery.Seconds, recovery.Cause);
        }
        var (status, message, ticksDone) = RunEnding.Write(folder, manifest, scenario, outcome, [RunFolder.LogFile, .. exported]);
        log.Logger.Information("Run {RunId} ended {Status} after {Ticks} ticks", runId, RunEnding.StatusName(status), ticksDone);
        return Report(status, message, folder.Path, ticksDone, scenario.Ticks);
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

    private async Task<RunOutcome> RunEngineAsync(ISimulationEngine engine, string runId, Scenario scenario, RunPlan plan, bool quiet, RunLog log, CancellationToken cancellationToken)
    {
        var progress = RunProgress.For(cli, quiet, scenario.TicksPerYear);
        try
        {
            return await progress.ShowAsync(log, scenario.Ticks, p => engine.RunAsync(runId, scenario, plan, p, cancellationToken));
        }
        catch (Exception ex)
        {
            // Engines report failure in the outcome; an exception anyway still must not lose the ticks done.
            var rows = progress.Rows;
            bool cancelled = ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
            log.Logger.Error(ex, "The engine threw");
            return new RunOutcome(cancelled ? RunStatus.Cancelled : RunStatus.Failed, rows, 0, cancelled ? "Cancelled." : ex.Message);
        }
    }

    private int Report(RunStatus status, string? message, string path, int ticksDone, int ticks)
    {
        switch (status)
        {
            case RunStatus.Completed:
                cli.Line($"completed: {path}");
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
