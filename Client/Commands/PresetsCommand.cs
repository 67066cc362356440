using OrleansGov.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary><c>orleansgov presets</c>: the shipped scenario presets with their one-line descriptions.</summary>
public sealed class PresetsCommand(CliContext cli) : AsyncCommand<PresetsCommand.Settings>
{
    public sealed class Settings : CommandSettings;

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumn("preset").AddColumn("description");
        foreach (var preset in ScenarioLoader.Presets())
        {
            table.AddRow(Markup.Escape(preset.Name), Markup.Escape(preset.Description));
        }
        cli.Out.Write(table);
        return Task.FromResult(ExitCodes.Ok);
    }
}
