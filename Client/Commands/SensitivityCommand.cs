using System.ComponentModel;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Hosting;
using OrleansGov.Client.Logging;
using OrleansGov.Client.Results;
using OrleansGov.Client.Sensitivity;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>Options of <c>orleansgov sensitivity</c>: the shared ones (<see cref="StudySettings"/>).</summary>
public sealed class SensitivitySettings : StudySettings
{
    [CommandArgument(0, "<file>")]
    [Description("A sensitivity file (see scenarios/experiments/sensitivity-*.yaml and docs/SENSITIVITY.md).")]
    public string File { get; init; } = "";

    protected override ValidationResult? CheckOwn() =>
        string.IsNullOrWhiteSpace(File) ? ValidationResult.Error("a sensitivity file is required") : null;
}

/// <summary>
/// <c>orleansgov sensitivity</c>: reads and checks the whole file (every sample point applied; bad input
/// starts nothing and writes nothing), prints the design (N or r, the number of runs), runs every point ×
/// configuration × replicate not yet completed through the batch runner, then writes indices.csv,
/// outputs.csv, report.md and plots (docs/SENSITIVITY.md).
/// </summary>
public sealed class SensitivityCommand(CliContext cli) : AsyncCommand<SensitivitySettings>
{
    public const string SourceCopy = "sensitivity.yaml";

    public override async Task<int> ExecuteAsync(CommandContext context, SensitivitySettings settings, CancellationToken cancellationToken)
    {
        SensitivityDesign design;
        try
        {
            design = SensitivityParser.Load(settings.File);
        }
        catch (ExperimentException ex)
        {
            cli.Error.WriteLine("error: " + ex.Message);
            return ExitCodes.BadInput;
        }
        foreach (var note in design.Notes)
        {
            cli.Error.WriteLine($"note: {settings.File}: {note}");
        }
        var plan = design.Plan;
        var experiment = plan.ToExperiment(design.Base);
        // The design first, before any check that could take time or anything runs.
        cli.Line(SensitivityReport.DesignLine(plan));
        if (!SizeCheck.Admit(cli, experiment.ArmScenarios.Values, settings.Engine, settings.Cluster, settings.MaxAgents, settings.Parallel ?? 1))
        {
            return ExitCodes.BadInput;
        }
        var folder = new BatchFolder(settings.Out ?? Path.Combine("results", plan.Name));
        using var folderLock = StudyFolder.Open(cli, folder.Path, SensitivityPlan.FileName, plan.ToUtf8(), settings.Resume, "analysis",
            string.Join(' ', ["orleansgov", .. context.Arguments]), out string? problem);
        if (folderLock is null)
        {
            cli.Error.WriteLine("error: " + problem);
            return ExitCodes.BadInput;
        }
        Directory.CreateDirectory(folder.File(BatchFolder.RunsDir));
        System.IO.File.Copy(settings.File, folder.File(SourceCopy), overwrite: true);

        var pending = experiment.Plan.Runs().Where(r => !folder.IsCompleted(r)).ToList();
        if (!settings.Quiet)
        {
            cli.Line($"{plan.RunCount} runs" + (pending.Count < plan.RunCount ? $", {plan.RunCount - pending.Count} already completed" : "") + $"; results in {folder.Path}");
        }
        using var log = new RunLog(cli.Error);
        log.AttachFile(folder.File(BatchFolder.LogFile));
        if (pending.Count > 0)
        {
            var (ran, code) = await BatchRunner.RunPendingAsync(cli, settings.ToBatchOptions(), folder, experiment, pending, log, ["orleansgov", .. context.Arguments], cancellationToken);
            if (ran is null || code != ExitCodes.Ok)
            {
                return code;
            }
            if (ran.Cancelled)
            {
                int done = experiment.Plan.Runs().Count(folder.IsCompleted);
                cli.Error.WriteLine($"cancelled: {done} of {plan.RunCount} runs completed; `orleansgov sensitivity {settings.File} --out {folder.Path} --resume` does the rest");
                return ExitCodes.Cancelled;
            }
        }
        return Finish(cli, folder, plan);
    }

    /// <summary>Writes the results from the folder and reports the outcome (exit 1 when runs did not complete). Shared with <c>report</c>.</summary>
    internal static int Finish(CliContext cli, BatchFolder folder, SensitivityPlan plan)
    {
        var result = SensitivityReport.Generate(folder, plan);
        string report = Path.Combine(folder.Path, SensitivityReport.ReportMd);
        if (result.Missing.Count == 0)
        {
            cli.Line($"completed: {ReportMarkdown.Plural((int)plan.RunCount, "run")}; indices in {Path.Combine(folder.Path, SensitivityReport.IndicesCsv)}, report in {report}");
            return ExitCodes.Ok;
        }
        cli.Error.WriteLine($"error: {result.Missing.Count} of {plan.RunCount} runs did not complete; the outputs they feed are undefined (empty in indices.csv): {string.Join(", ", result.Missing.Take(10))}{(result.Missing.Count > 10 ? ", …" : "")}");
        cli.Error.WriteLine($"report in {report}; --resume re-runs the others");
        return ExitCodes.Failed;
    }
}
