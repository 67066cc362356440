using System.Net;
using System.Security.Cryptography.X509Certificates;
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
public sealed record DashboardOptions(string Host, int Port, string? Cluster, string? ResultsDir, string Token)
{
    /// <summary>Connection, body and memory limits.</summary>
    public DashboardLimits Limits { get; init; } = new();

    /// <summary>PEM certificate and key: serve HTTPS instead of HTTP.</summary>
    public string? TlsCert { get; init; }

    public string? TlsKey { get; init; }

    /// <summary>Reads (the API, the event streams, the runtime view) need the token too.</summary>
    public bool TokenForReads { get; init; }

    /// <summary>Host names besides the listening addresses that requests may name (a DNS name of this machine, a proxy's).</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Decides whether a scenario may start; null uses <see cref="ModelSizeAdmission"/> with <see cref="MaxAgents"/>.</summary>
    public IRunAdmission? Admission { get; init; }

    /// <summary>Cap on a run's agents (<c>--max-agents</c>); null derives it from memory.</summary>
    public long? MaxAgents { get; init; }

    /// <summary>How long stopping waits for live runs to stop between ticks before recording them cancelled anyway.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(20);
}

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
        if ((options.TlsCert is null) != (options.TlsKey is null))
        {
            throw new ArgumentException("--tls-cert and --tls-key go together");
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = Environments.Production });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, SilentLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = StopTimeout);
        builder.Services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
        var listen = ListenAddress(options.Host);
        var certificate = options.TlsCert is null ? null : LoadCertificate(options.TlsCert, options.TlsKey!);
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.Limits.MaxBodyBytes;
            // A backstop behind the stream limits: connections beyond it are closed by Kestrel without an answer.
            k.Limits.MaxConcurrentConnections = options.Limits.MaxStreams + 1024;
            k.Listen(listen, options.Port, l =>
            {
                if (certificate is not null)
                {
                    l.UseHttps(certificate);
                }
            });
        });
        // Every log line also goes to the run.log of the run it names ({RunId}).
        var runLogs = new RunLogRouter();
        var runLogger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Orleans", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Polly", Serilog.Events.LogEventLevel.Warning)
            .Enrich.WithProperty("SourceContext", "orleansgov.dashboard")
            .WriteTo.Logger(logger)
            .WriteTo.Sink(runLogs)
            .CreateLogger();
        logger = runLogger;
        builder.Services.AddSerilog(runLogger, dispose: true);

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
        var recorderWhere = where;
        builder.Services.AddSingleton(runLogs);
        builder.Services.AddSingleton(options.Limits);
        builder.Services.AddSingleton(new StreamGate(options.Limits));
        builder.Services.AddSingleton(options.Admission ?? new ModelSizeAdmission(options.MaxAgents));
        builder.Services.AddSingleton(sp => new RunRecorder(sp.GetRequiredService<IGrainFactory>(), logger, recorderWhere, runLogs, options.DrainTimeout));
        builder.Services.AddSingleton(_ => new ResultsIndex(options.ResultsDir));
        builder.Services.AddSingleton(sp => new RunFeeds(sp.GetRequiredService<IClusterClient>(), options.Limits, logger));
        builder.Services.AddSingleton(sp => new RunService(
            sp.GetRequiredService<IClusterClient>(), sp.GetRequiredService<ResultsIndex>(), sp.GetRequiredService<RunRecorder>(),
            sp.GetRequiredService<RunFeeds>(), sp.GetRequiredService<StreamGate>(), sp.GetRequiredService<IRunAdmission>(), options.Limits, logger));

        var app = builder.Build();
        var security = new ApiSecurity(options.Token, new AllowedHosts(listen, options.AllowedHosts), options.TokenForReads);
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
        string url = app.Urls.First().TrimEnd('/').Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://[::1]", StringComparison.Ordinal);
        return new DashboardServer(app, url, where, gatewayPort);
    }

    /// <summary>A PEM certificate and its key, for HTTPS.</summary>
    private static X509Certificate2 LoadCertificate(string certPath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        // Kestrel on some platforms cannot use a key that exists only in memory: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
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
