using System.ComponentModel;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Hosting;
using OrleansGov.Client.Logging;
using OrleansGov.Client.Results;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>Options of <c>orleansgov batch</c>.</summary>
public sealed class BatchSettings : CommandSettings
{
    [CommandArgument(0, "<experiment>")]
    [Description("An experiment YAML file (see scenarios/experiments/ and docs/EXPERIMENTS.md).")]
    public string Experiment { get; init; } = "";

    [CommandOption("--out <DIR>")]
    [Description("The batch folder. Default results/<experiment name>.")]
    public string? Out { get; init; }

    [CommandOption("--parallel <N>")]
    [Description("Runs at a time (≥ 1), all on the same engine.")]
    [DefaultValue(1)]
    public int Parallel { get; init; } = 1;

    [CommandOption("--resume")]
    [Description("Continue an interrupted batch in --out: run only the runs whose folder does not say completed.")]
    public bool Resume { get; init; }

    [CommandOption("--engine <ENGINE>")]
    [Description("orleans (agents as grains; an embedded silo unless --cluster) or reference (plain in-process loop).")]
    [DefaultValue("orleans")]
    public string Engine { get; init; } = "orleans";

    [CommandOption("--cluster <HOST:PORT>")]
    [Description("Connect to the gateway of an external silo instead of hosting one.")]
    public string? Cluster { get; init; }

    [CommandOption("--plots <SET>")]
    [Description("Which plots: default (the nation's key metrics and one overview of every kept metric) or all (every metric × scope, over time and at the last tick).")]
    [DefaultValue("default")]
    public string Plots { get; init; } = "default";

    [CommandOption("-q|--quiet")]
    [Description("No progress display; print only the batch folder and the outcome.")]
    public bool Quiet { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Experiment))
        {
            return ValidationResult.Error("an experiment file is required");
        }
        if (Parallel < 1)
        {
            return ValidationResult.Error($"--parallel must be at least 1, not {Parallel}");
        }
        if (PlotSetOption.Validate(Plots) is { Successful: false } plotsProblem)
        {
            return plotsProblem;
        }
        if (EngineOptions.Check(Engine, Cluster) is { } engineProblem)
        {
            return engineProblem;
        }
        return Out is not null && string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out must name a folder") : ValidationResult.Success();
    }
}

/// <summary>
/// <c>orleansgov batch</c>: reads and checks the whole experiment first (bad input starts nothing),
/// then runs every arm × replicate not yet completed through one engine session, and writes the
/// tables, report and plots (docs/EXPERIMENTS.md).
/// </summary>
public sealed class BatchCommand(CliContext cli) : AsyncCommand<BatchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BatchSettings settings, CancellationToken cancellationToken)
    {
        Experiment experiment;
        try
        {
            experiment = ExperimentParser.Load(settings.Experiment);
        }
        catch (ExperimentException ex)
        {
            cli.Error.WriteLine("error: " + ex.Message);
            return ExitCodes.BadInput;
        }
        var plan = experiment.Plan;
        var folder = new BatchFolder(settings.Out ?? Path.Combine("results", plan.Name));
        byte[] planBytes = plan.ToUtf8();
        if (Directory.Exists(folder.Path) && Directory.EnumerateFileSystemEntries(folder.Path).Any())
        {
            if (!settings.Resume)
            {
                cli.Error.WriteLine($"error: {folder.Path} already exists; add --resume to continue that batch, or choose another --out");
                return ExitCodes.BadInput;
            }
            if (!File.Exists(folder.PlanPath) || !File.ReadAllBytes(folder.PlanPath).AsSpan().SequenceEqual(planBytes))
            {
                cli.Error.WriteLine($"error: {folder.Path} holds a different experiment (its {BatchPlan.FileName} differs from {settings.Experiment}); --resume needs the same experiment file and base scenario");
                return ExitCodes.BadInput;
            }
        }
        Directory.CreateDirectory(folder.File(BatchFolder.RunsDir));
        AtomicFile.WriteBytes(folder.PlanPath, planBytes);
        File.Copy(settings.Experiment, folder.File(BatchFolder.SourceCopy), overwrite: true);

        var runs = plan.Runs().ToList();
        var pending = runs.Where(r => !folder.IsCompleted(r)).ToList();
        if (!settings.Quiet)
        {
            cli.Line($"batch {plan.Name}: {plan.Arms.Count} arms × {plan.Replicates.Count} replicates = {runs.Count} runs"
                + (pending.Count < runs.Count ? $", {runs.Count - pending.Count} already completed" : "") + $"; results in {folder.Path}");
        }

        using var log = new RunLog(cli.Error);
        log.AttachFile(folder.File(BatchFolder.LogFile));
        if (pending.Count > 0)
        {
            int code = await RunPendingAsync(settings, context, experiment, folder, pending, log, cancellationToken);
            if (code != ExitCodes.Ok)
            {
                return code;
            }
        }
        var outcome = await BatchReport.GenerateAsync(folder, plan, plotSet: PlotSetOption.Parse(settings.Plots));
        return ReportOutcome(outcome, plan, folder, cli);
    }

    private async Task<int> RunPendingAsync(BatchSettings settings, CommandContext context, Experiment experiment, BatchFolder folder,
        List<PlannedRun> pending, RunLog log, CancellationToken cancellationToken)
    {
        var (session, exitCode) = await EngineSession.StartForCommandAsync(
            settings.Engine, settings.Cluster, log.Logger, cli.Error, "cancelled before any run started", cancellationToken);
        if (session is null)
        {
            return exitCode;
        }
        BatchRunOutcome ran;
        await using (session)
        {
            var engine = cli.WrapEngine?.Invoke(session.Engine) ?? session.Engine;
            if (!settings.Quiet)
            {
                cli.Line($"{ReportMarkdown.Plural(pending.Count, "run")} to do, {settings.Parallel} at a time, {engine.Name} engine ({session.Where})");
            }
            var runner = new BatchRunner(cli, folder, experiment, engine, session.Where, log, ["orleansgov", .. context.Arguments]);
            ran = await runner.RunAsync(pending, settings.Parallel, settings.Quiet, cancellationToken);
        }
        if (ran.Cancelled)
        {
            int done = experiment.Plan.Runs().Count(folder.IsCompleted);
            cli.Error.WriteLine($"cancelled: {done} of {experiment.Plan.RunCount} runs completed; `orleansgov batch {settings.Experiment} --out {folder.Path} --resume` does the rest");
            return ExitCodes.Cancelled;
        }
        return ExitCodes.Ok;
    }

    /// <summary>Prints where the results are and which runs did not complete; exit 1 if any.</summary>
    internal static int ReportOutcome(ReportOutcome outcome, BatchPlan plan, BatchFolder folder, CliContext cli)
    {
        if (outcome.NotCompleted.Count == 0)
        {
            cli.Line($"completed: {ReportMarkdown.Plural(plan.RunCount, "run")}; report in {Path.Combine(folder.Path, BatchFolder.ReportMd)}");
            return ExitCodes.Ok;
        }
        cli.Error.WriteLine($"error: {outcome.NotCompleted.Count} of {plan.RunCount} runs did not complete (left out of the statistics):");
        foreach (var (run, status, error) in outcome.NotCompleted)
        {
            cli.Error.WriteLine($"  {run}: {status}{(string.IsNullOrEmpty(error) ? "" : " — " + error)}");
        }
        cli.Error.WriteLine($"report of the completed runs in {Path.Combine(folder.Path, BatchFolder.ReportMd)}; --resume re-runs the others");
        return ExitCodes.Failed;
    }
}
