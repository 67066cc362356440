using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ILogger = Serilog.ILogger;
using Orleans.Configuration;
using OrleansGov.Engine;
using OrleansGov.Hosting;
using Serilog;

namespace OrleansGov.Client.Hosting;

/// <summary>Raised when the engine's cluster cannot be reached or the embedded silo does not start.</summary>
public sealed class ClusterUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// An engine ready to run, and whatever hosts it: nothing (reference engine), a silo inside this
/// process (embedded default, ARCHITECTURE §5), or an Orleans client connected to an external cluster.
/// </summary>
public sealed class EngineSession : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private readonly IHost? _host;

    private EngineSession(ISimulationEngine engine, IHost? host, string where)
    {
        Engine = engine;
        _host = host;
        Where = where;
    }

    public ISimulationEngine Engine { get; }

    /// <summary>Where the engine runs, for the console: "in-process", "embedded silo on 127.0.0.1:P", "cluster at H:P".</summary>
    public string Where { get; }

    /// <summary>Starts the engine named <paramref name="engine"/>; throws <see cref="ClusterUnavailableException"/> when it cannot.</summary>
    public static async Task<EngineSession> StartAsync(string engine, string? cluster, ILogger logger, CancellationToken cancellationToken)
    {
        if (engine == "reference")
        {
            return new EngineSession(new ReferenceEngine(), null, "in-process reference loop");
        }
        return cluster is null
            ? await StartEmbeddedAsync(logger, cancellationToken)
            : await ConnectAsync(cluster, logger, cancellationToken);
    }

    /// <summary>
    /// Starts the engine for a CLI verb: on failure writes one line to <paramref name="error"/> and
    /// returns the exit code (cluster unavailable, or cancelled with <paramref name="cancelledMessage"/>).
    /// </summary>
    public static async Task<(EngineSession? Session, int ExitCode)> StartForCommandAsync(
        string engine, string? cluster, ILogger logger, TextWriter error, string cancelledMessage, CancellationToken cancellationToken)
    {
        try
        {
            return (await StartAsync(engine, cluster, logger, cancellationToken), ExitCodes.Ok);
        }
        catch (ClusterUnavailableException ex)
        {
            error.WriteLine("error: " + ex.Message);
            return (null, ExitCodes.ClusterUnavailable);
        }
        catch (OperationCanceledException)
        {
            error.WriteLine(cancelledMessage);
            return (null, ExitCodes.Cancelled);
        }
    }

    private static async Task<EngineSession> StartEmbeddedAsync(ILogger logger, CancellationToken cancellationToken)
    {
        int[] ports = FreePorts.Take(2);
        // A cluster id of its own per process: two concurrent runs never see each other.
        string clusterId = $"orleansgov-embedded-{Environment.ProcessId}-{Guid.NewGuid():N}";
        var builder = NewHostBuilder(logger);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: ports[0], gatewayPort: ports[1], serviceId: "orleansgov", clusterId: clusterId)
            .AddOrleansGov());
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await DisposeHostAsync(host);
            throw new ClusterUnavailableException($"the embedded silo did not start on 127.0.0.1:{ports[0]}: {ex.Message}", ex);
        }
        var client = host.Services.GetRequiredService<IClusterClient>();
        return new EngineSession(new OrleansEngine(client), host, $"embedded silo on 127.0.0.1:{ports[0]}");
    }

    private static async Task<EngineSession> ConnectAsync(string cluster, ILogger logger, CancellationToken cancellationToken)
    {
        var host = await ClusterConnection.ConnectAsync(cluster, logger, null, cancellationToken);
        var clusterClient = host.Services.GetRequiredService<IClusterClient>();
        return new EngineSession(new OrleansEngine(clusterClient), host, $"cluster at {cluster}");
    }

    /// <summary>A bare generic host: our Serilog logger, no appsettings, and no Ctrl-C handling of its own (the CLI owns Ctrl-C).</summary>
    private static HostApplicationBuilder NewHostBuilder(ILogger logger)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(logger, dispose: false);
        builder.Services.AddSingleton<IHostLifetime, SilentLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = StopTimeout);
        return builder;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await DisposeHostAsync(_host);
        }
    }

    private static async Task DisposeHostAsync(IHost host)
    {
        try
        {
            using var timeout = new CancellationTokenSource(StopTimeout);
            await host.StopAsync(timeout.Token);
        }
        catch (Exception)
        {
            // Stopping is best effort: the results are already written.
        }
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }

    /// <summary>A host lifetime that neither listens to signals nor prints status lines.</summary>
    private sealed class SilentLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
