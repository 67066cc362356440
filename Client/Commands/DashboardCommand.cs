using OrleansGov.Client.Dashboard;
using OrleansGov.Client.Logging;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary><c>orleansgov dashboard</c>: serves the web dashboard until Ctrl-C.</summary>
public sealed class DashboardCommand(CliContext cli) : AsyncCommand<DashboardSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DashboardSettings settings, CancellationToken cancellationToken)
    {
        string token = Environment.GetEnvironmentVariable(DashboardSettings.TokenVariable) is { Length: > 0 } fromEnv ? fromEnv : ApiSecurity.NewToken();
        using var log = new RunLog(cli.Error);
        foreach (var warning in settings.Warnings())
        {
            cli.Error.WriteLine(warning);
        }
        var options = new DashboardOptions(settings.Host, settings.Port, settings.Cluster, settings.Results, token)
        {
            TlsCert = settings.TlsCert,
            TlsKey = settings.TlsKey,
            TokenForReads = settings.TokenForReads,
            AllowedHosts = settings.AllowedHosts,
            MaxAgents = settings.MaxAgents,
            Limits = new DashboardLimits(MaxStreams: settings.MaxStreams, MaxStreamsPerClient: settings.MaxStreamsPerClient),
        };
        DashboardServer server;
        try
        {
            server = await DashboardServer.StartAsync(options, log.Logger, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Cancelled;
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            cli.Error.WriteLine($"error: --tls-cert/--tls-key: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or Orleans.Runtime.OrleansException or TimeoutException)
        {
            cli.Error.WriteLine($"error: the dashboard did not start: {ex.Message}");
            return settings.Cluster is null ? ExitCodes.Failed : ExitCodes.ClusterUnavailable;
        }
        await using (server)
        {
            cli.Line($"OrleansGov dashboard: {server.Url}/#token={token}");
            cli.Line($"token for state changes ({ApiSecurity.TokenHeader} header; or set {DashboardSettings.TokenVariable}): {token}");
            cli.Line($"runs on: {server.Where}; results: {Path.GetFullPath(settings.Results)}");
            if (server.GatewayPort is { } gateway)
            {
                cli.Line($"watch a run in a terminal: orleansgov watch <run-id> --cluster 127.0.0.1:{gateway}");
            }
            cli.Line("Orleans runtime view: " + server.Url + "/orleans   (Ctrl-C or SIGTERM stops; live runs are cancelled and recorded)");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return ExitCodes.Ok;
    }
}
