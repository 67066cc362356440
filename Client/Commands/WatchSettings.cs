using System.ComponentModel;
using OrleansGov.Client.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>Options of <c>orleansgov watch</c>.</summary>
public sealed class WatchSettings : CommandSettings
{
    [CommandArgument(0, "<run-id>")]
    [Description("The run to follow (as listed by the dashboard, or the --run-id of a run on the cluster).")]
    public string RunId { get; init; } = "";

    [CommandOption("--cluster <HOST:PORT>")]
    [Description("Gateway of the cluster that runs it: the standalone silo (default) or the gateway `orleansgov dashboard` prints.")]
    [DefaultValue("127.0.0.1:30000")]
    public string Cluster { get; init; } = "127.0.0.1:30000";

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(RunId))
        {
            return ValidationResult.Error("a run id is required");
        }
        if (!ClusterAddress.TryParse(Cluster, out _, out string? problem))
        {
            return ValidationResult.Error($"--cluster {Cluster}: {problem}");
        }
        return ValidationResult.Success();
    }
}
