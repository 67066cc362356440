using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace OrleansGov.Client.CommandLine;

/// <summary>Spectre's help, with the exit codes (<see cref="ExitCodes"/>) after every verb's and the root's, so scripts need not read the README.</summary>
internal sealed class ExitCodesHelp(ICommandAppSettings settings) : HelpProvider(settings)
{
    /// <summary>The codes and what each means, as the README's table says.</summary>
    internal static readonly (int Code, string Meaning)[] Codes =
    [
        (ExitCodes.Ok, "success: the run completed, the scenario is valid, a rerun matched"),
        (ExitCodes.Failed, "the run failed (manifest status failed), a rerun differs, or an unexpected error"),
        (ExitCodes.BadInput, "bad input (scenario, option, --set, folder): one message on stderr; nothing written"),
        (ExitCodes.ClusterUnavailable, "the cluster (--cluster) could not be reached, or the embedded silo did not start"),
        (ExitCodes.PatternsDoNotHold, "patterns --strict only: at least one pattern does not hold"),
        (ExitCodes.Cancelled, "cancelled (Ctrl-C, SIGTERM); manifest status cancelled"),
    ];

    public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command)
    {
        var grid = new Grid().AddColumn(new GridColumn().PadLeft(4).PadRight(2)).AddColumn();
        foreach (var (code, meaning) in Codes)
        {
            grid.AddRow(new Text(code.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Text(meaning));
        }
        return [.. base.GetFooter(model, command), new Text("EXIT CODES:"), new Text(Environment.NewLine), grid, new Text(Environment.NewLine)];
    }
}
