using System.ComponentModel;
using System.Text.Json;
using OrleansGov.Client.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary><c>orleansgov report &lt;dir&gt;</c>: regenerates a batch's tables, report and plots from its files alone.</summary>
public sealed class ReportCommand(CliContext cli) : AsyncCommand<ReportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<dir>")]
        [Description("A batch folder written by `orleansgov batch`.")]
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
        var outcome = await BatchReport.GenerateAsync(folder, plan, plotSet: PlotSetOption.Parse(Plots: settings.Plots));
        return BatchCommand.ReportOutcome(outcome, plan, folder, cli);
    }
}
