using System.ComponentModel;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Hosting;
using OrleansGov.Client.Logging;
using OrleansGov.Client.Results;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>Options of <c>orleansgov batch</c>: the shared ones (<see cref="StudySettings"/>) and the plots.</summary>
public sealed class BatchSettings : StudySettings
{
    [CommandArgument(0, "<experiment>")]
    [Description("An experiment YAML file (see scenarios/experiments/ and docs/EXPERIMENTS.md).")]
    public string Experiment { get; init; } = "";

    [CommandOption("--plots <SET>")]
    [Description("Which plots: default (the nation's key metrics and one overview of every kept metric) or all (every metric × scope, over time and at the last tick).")]
    [DefaultValue("default")]
    public string Plots { get; init; } = "default";

    protected override ValidationResult? CheckOwn()
    {
        if (string.IsNullOrWhiteSpace(Experiment))
        {
            return ValidationResult.Error("an experiment file is required");
        }
        return PlotSetOption.Validate(Plots) is { Successful: false } plotsProblem ? plotsProblem : null;
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
        foreach (var note in experiment.Notes)
        {
            cli.Error.WriteLine($"note: {settings.Experiment}: {note}");
        }
        var plan = experiment.Plan;
        if (!SizeCheck.Admit(cli, experiment.ArmScenarios.Values, settings.Engine, settings.Cluster, settings.MaxAgents, settings.Parallel ?? 1))
        {
            return ExitCodes.BadInput;
        }
        var folder = new BatchFolder(settings.Out ?? Path.Combine("results", plan.Name));
        using var folderLock = StudyFolder.Open(cli, folder.Path, BatchPlan.FileName, plan.ToUtf8(), settings.Resume, "experiment",
            string.Join(' ', ["orleansgov", .. context.Arguments]), out string? problem);
        if (folderLock is null)
        {
            cli.Error.WriteLine("error: " + problem);
            return ExitCodes.BadInput;
        }
        Directory.CreateDirectory(folder.File(BatchFolder.RunsDir));
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
        var (ran, code) = await BatchRunner.RunPendingAsync(cli, settings.ToBatchOptions(), folder, experiment, pending, log, ["orleansgov", .. context.Arguments], cancellationToken);
        if (ran is { Cancelled: true } && code == ExitCodes.Ok)
        {
            int done = experiment.Plan.Runs().Count(folder.IsCompleted);
            cli.Error.WriteLine($"cancelled: {done} of {experiment.Plan.RunCount} runs completed; `orleansgov batch {settings.Experiment} --out {folder.Path} --resume` does the rest");
            return ExitCodes.Cancelled;
        }
        return code;
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
