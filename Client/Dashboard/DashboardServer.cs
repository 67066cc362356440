using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;
using OrleansGov.Client.Hosting;
using OrleansGov.Hosting;
using Serilog;
using ILogger = Serilog.ILogger;

namespace OrleansGov.Client.Dashboard;

/// <summary>How to serve the dashboard.</summary>
/// <param name="Host">Interface to listen on (127.0.0.1 unless told otherwise).</param>
/// <param name="Port">Port; 0 picks a free one.</param>
/// <param name="Cluster">HOST:PORT of a cluster gateway to connect to; null hosts an embedded silo.</param>
/// <param name="ResultsDir">Where completed runs are listed from and runs started here are recorded; null for neither.</param>
/// <param name="Token">The token for state-changing requests.</param>
public sealed record DashboardOptions(string Host, int Port, string? Cluster, string? ResultsDir, string Token);

/// <summary>
/// The dashboard web app: Kestrel + the JSON API + the page + Orleans' runtime dashboard under
/// <c>/orleans</c>, on an embedded silo (default) or as a client of a cluster.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, string url, string where, int? gatewayPort)
    {
        _app = app;
        Url = url;
        Where = where;
        GatewayPort = gatewayPort;
    }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public string Url { get; }

    /// <summary>"embedded silo on 127.0.0.1:P" or "cluster at H:P".</summary>
    public string Where { get; }

    /// <summary>The embedded silo's gateway port (for <c>orleansgov watch --cluster</c>); null when connected to a cluster.</summary>
    public int? GatewayPort { get; }

    public IServiceProvider Services => _app.Services;

    public RunService Runs => _app.Services.GetRequiredService<RunService>();

    public static async Task<DashboardServer> StartAsync(DashboardOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = Environments.Production });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(logger, dispose: false);
        builder.Services.AddSingleton<IHostLifetime, SilentLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = StopTimeout);
        builder.Services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
        builder.WebHost.UseKestrel(k => k.Listen(ListenAddress(options.Host), options.Port));

        string where;
        int? gatewayPort = null;
        if (options.Cluster is null)
        {
            int[] ports = FreePorts.Take(2);
            gatewayPort = ports[1];
            // The standalone silo's cluster ids ("dev"), so `orleansgov watch --cluster 127.0.0.1:<gateway>` can connect.
            builder.UseOrleans(silo => silo
                .UseOrleansGovLocalhostCluster(ports[0], ports[1], ports[0])
                .AddOrleansGov()
                .AddOrleansGovRuntimeDashboard());
            where = $"embedded silo on 127.0.0.1:{ports[0]} (gateway 127.0.0.1:{ports[1]})";
        }
        else
        {
            var configure = await ClusterConnection.ConfigureAsync(options.Cluster, cancellationToken); // a gateway, a list, or redis://
            builder.UseOrleansClient(client =>
            {
                configure(client);
                client.AddOrleansGovRuntimeDashboard();
            });
            where = $"cluster at {options.Cluster}";
        }
        builder.Services.AddSingleton(new ResultsIndex(options.ResultsDir));
        builder.Services.AddSingleton(sp => new RunRecorder(sp.GetRequiredService<IGrainFactory>(), logger, "dashboard, " + where));
        builder.Services.AddSingleton<RunService>();

        var app = builder.Build();
        var security = new ApiSecurity(options.Token);
        app.Use(security.InvokeAsync);
        app.Use(DashboardApi.HandleErrorsAsync);
        app.MapStaticAssets();
        app.MapDashboardApi();
        app.MapOrleansDashboard(routePrefix: "/orleans");
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        string url = app.Urls.First().TrimEnd('/');
        return new DashboardServer(app, url, where, gatewayPort);
    }

    private static IPAddress ListenAddress(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" => IPAddress.Any,
        _ => IPAddress.Parse(host),
    };

    public async ValueTask DisposeAsync()
    {
        await Runs.StopAsync();
        try
        {
            using var timeout = new CancellationTokenSource(StopTimeout);
            await _app.StopAsync(timeout.Token);
        }
        catch (Exception)
        {
            // Best effort.
        }
        await _app.DisposeAsync();
    }

    /// <summary>No signal handling and no status lines of the host's own: the CLI owns Ctrl-C and the console.</summary>
    private sealed class SilentLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
