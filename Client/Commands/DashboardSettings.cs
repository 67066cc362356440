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

    [CommandOption("--tls-cert <FILE>")]
    [Description("PEM certificate: serve HTTPS (with --tls-key), so the token does not travel in clear.")]
    public string? TlsCert { get; init; }

    [CommandOption("--tls-key <FILE>")]
    [Description("PEM private key of --tls-cert.")]
    public string? TlsKey { get; init; }

    [CommandOption("--token-for-reads")]
    [Description("Require the token for reads too (runs, metrics, agents, the runtime view), not only for state changes.")]
    public bool TokenForReads { get; init; }

    [CommandOption("--allowed-host <NAME>")]
    [Description("A host name requests may use besides the listening addresses (repeatable), e.g. this machine's DNS name; others are refused (DNS rebinding).")]
    public string[] AllowedHosts { get; init; } = [];

    [CommandOption("--max-streams <N>")]
    [Description("Live event streams (run and compare views) in all; more are answered 429.")]
    [DefaultValue(256)]
    public int MaxStreams { get; init; } = 256;

    [CommandOption("--max-streams-per-client <N>")]
    [Description("Live event streams from one client address; more are answered 429.")]
    [DefaultValue(16)]
    public int MaxStreamsPerClient { get; init; } = 16;

    [CommandOption("--max-agents <N>")]
    [Description("Largest run (agents) the page may start; larger ones are answered 422. Default: what half of the memory holds.")]
    public long? MaxAgents { get; init; }

    /// <summary>Is the dashboard reachable from other machines?</summary>
    public bool ListensBeyondLoopback => !(Host is "localhost" || (IPAddress.TryParse(Host, out var a) && IPAddress.IsLoopback(a)));

    /// <summary>What a user should know before exposing the dashboard (printed on stderr at startup).</summary>
    public IEnumerable<string> Warnings()
    {
        if (!ListensBeyondLoopback)
        {
            yield break;
        }
        if (!TokenForReads)
        {
            yield return $"warning: --host {Host} serves the dashboard to the network and reads need no token: anyone who can reach it sees every run (add --token-for-reads)";
        }
        if (TlsCert is null)
        {
            yield return $"warning: --host {Host} without --tls-cert/--tls-key: the token travels in clear over plain HTTP";
        }
    }

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
        if ((TlsCert is null) != (TlsKey is null))
        {
            return ValidationResult.Error("--tls-cert and --tls-key go together");
        }
        foreach (var file in new[] { TlsCert, TlsKey })
        {
            if (file is not null && !File.Exists(file))
            {
                return ValidationResult.Error($"--tls-cert/--tls-key: no file '{file}'");
            }
        }
        if (MaxStreams < 1 || MaxStreamsPerClient < 1)
        {
            return ValidationResult.Error("--max-streams and --max-streams-per-client must be at least 1");
        }
        if (MaxAgents is < 1)
        {
            return ValidationResult.Error($"--max-agents must be at least 1, not {MaxAgents}");
        }
        return ValidationResult.Success();
    }
}
