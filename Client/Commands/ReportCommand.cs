using System.ComponentModel;
using System.Text.Json;
using OrleansGov.Client.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary><c>orleansgov report &lt;dir&gt;</c>: regenerates a batch's (or a sensitivity analysis's, or a patterns check's) tables, report and plots from its files alone.</summary>
public sealed class ReportCommand(CliContext cli) : AsyncCommand<ReportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<dir>")]
        [Description("A batch folder written by `orleansgov batch`, or a folder written by `orleansgov sensitivity`.")]
        public string Dir { get; init; } = "";

        [CommandOption("--plots <SET>")]
        [Description("Which plots: default (the nation's key metrics and one overview of every kept metric) or all (every metric × scope, over time and at the last tick).")]
        [DefaultValue("default")]
        public string Plots { get; init; } = "default";

        public override ValidationResult Validate() => PlotSetOption.Validate(Plots);
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var folder = new BatchFolder(settings.Dir);
        if (File.Exists(folder.File(OrleansGov.Client.Sensitivity.SensitivityPlan.FileName)))
        {
            return RebuildSensitivity(folder, context);
        }
        if (File.Exists(folder.File(PatternsCommand.PlanFile)))
        {
            return OrleansGov.Client.Patterns.PatternsRebuild.Run(cli, folder, ["orleansgov", .. context.Arguments]);
        }
        BatchPlan plan;
        try
        {
            plan = BatchPlan.Read(folder.PlanPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
        {
            cli.Error.WriteLine($"error: {folder.PlanPath}: not a batch folder ({ex.Message})");
            return ExitCodes.BadInput;
        }
        using var folderLock = FolderLock.TryAcquire(folder.Path, string.Join(' ', ["orleansgov", .. context.Arguments]), out string? busy);
        if (folderLock is null)
        {
            cli.Error.WriteLine("error: " + busy);
            return ExitCodes.BadInput;
        }
        if (folderLock.TakenOver is { } takenOver)
        {
            cli.Error.WriteLine("note: " + takenOver);
        }
        var outcome = await BatchReport.GenerateAsync(folder, plan, plotSet: PlotSetOption.Parse(Plots: settings.Plots));
        return BatchCommand.ReportOutcome(outcome, plan, folder, cli);
    }

    /// <summary>A sensitivity folder (it has sensitivity.json): indices, outputs, report and plots rebuilt from the plan and the run folders.</summary>
    private int RebuildSensitivity(BatchFolder folder, CommandContext context)
    {
        OrleansGov.Client.Sensitivity.SensitivityPlan plan;
        try
        {
            plan = OrleansGov.Client.Sensitivity.SensitivityPlan.Read(folder.File(OrleansGov.Client.Sensitivity.SensitivityPlan.FileName));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidDataException or NotSupportedException)
        {
            cli.Error.WriteLine($"error: {folder.File(OrleansGov.Client.Sensitivity.SensitivityPlan.FileName)}: not a sensitivity plan ({ex.Message})");
            return ExitCodes.BadInput;
        }
        using var folderLock = FolderLock.TryAcquire(folder.Path, string.Join(' ', ["orleansgov", .. context.Arguments]), out string? busy);
        if (folderLock is null)
        {
            cli.Error.WriteLine("error: " + busy);
            return ExitCodes.BadInput;
        }
        return SensitivityCommand.Finish(cli, folder, plan);
    }
}
