using System.ComponentModel;
using System.Net;
using OrleansGov.Client.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>Options of <c>orleansgov dashboard</c>.</summary>
public sealed class DashboardSettings : CommandSettings
{
    /// <summary>Environment variable that supplies the token instead of a random one.</summary>
    public const string TokenVariable = "ORLEANSGOV_DASHBOARD_TOKEN";

    [CommandOption("--cluster <HOST:PORT>")]
    [Description("Connect to the gateway of an external cluster instead of hosting an embedded silo.")]
    public string? Cluster { get; init; }

    [CommandOption("--port <PORT>")]
    [Description("HTTP port (0 picks a free one).")]
    [DefaultValue(5080)]
    public int Port { get; init; } = 5080;

    [CommandOption("--results <DIR>")]
    [Description("Results folder: its completed runs are listed, and runs started from the page are recorded there.")]
    [DefaultValue("results")]
    public string Results { get; init; } = "results";

    [CommandOption("--host <ADDRESS>")]
    [Description("Interface to listen on; anything but 127.0.0.1 exposes the dashboard to the network (state changes still need the token).")]
    [DefaultValue("127.0.0.1")]
    public string Host { get; init; } = "127.0.0.1";

    public override ValidationResult Validate()
    {
        if (Port is < 0 or > 65535)
        {
            return ValidationResult.Error($"--port must be 0..65535, not {Port}");
        }
        if (Host is not ("localhost" or "*") && !IPAddress.TryParse(Host, out _))
        {
            return ValidationResult.Error($"--host must be an IP address (e.g. 127.0.0.1, 0.0.0.0), not '{Host}'");
        }
        if (Cluster is not null && !ClusterAddress.TryParse(Cluster, out _, out string? problem))
        {
            return ValidationResult.Error($"--cluster {Cluster}: {problem}");
        }
        if (string.IsNullOrWhiteSpace(Results))
        {
            return ValidationResult.Error("--results must name a folder");
        }
        return ValidationResult.Success();
    }
}
