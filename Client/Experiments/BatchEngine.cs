using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansGov.Client.Hosting;
using OrleansGov.Engine;
using ILogger = Serilog.ILogger;

namespace OrleansGov.Client.Experiments;

/// <summary>
/// The engine a batch's runs go to. <c>--engine reference --cluster X</c> is an ensemble over the
/// cluster (<see cref="EnsembleEngine"/>: each run whole on one silo, spread by load); every other
/// combination is the engine session <c>run</c> uses (<see cref="EngineSession"/>).
/// </summary>
public sealed class BatchEngine : IAsyncDisposable
{
    private readonly EngineSession? _session;
    private readonly IHost? _client;

    private BatchEngine(ISimulationEngine engine, string where, EngineSession? session, IHost? client, int defaultParallel)
    {
        Engine = engine;
        Where = where;
        _session = session;
        _client = client;
        DefaultParallel = defaultParallel;
    }

    public ISimulationEngine Engine { get; }

    public string Where { get; }

    /// <summary>Runs at a time unless <c>--parallel</c> says otherwise: 1, or on an ensemble every core of every silo.</summary>
    public int DefaultParallel { get; }

    /// <summary>The ensemble dispatcher, when this is one.</summary>
    public EnsembleEngine? Ensemble => Engine as EnsembleEngine;

    public static async Task<BatchEngine> StartAsync(string engine, string? cluster, ILogger logger, CancellationToken cancellationToken)
    {
        if (engine == "reference" && cluster is not null)
        {
            var host = await ClusterConnection.ConnectAsync(cluster, logger, null, cancellationToken);
            try
            {
                var ensemble = new EnsembleEngine(host.Services.GetRequiredService<IClusterClient>(), logger);
                var silos = await ensemble.ProbeAsync(cancellationToken);
                if (silos.Count == 0)
                {
                    throw new ClusterUnavailableException($"the cluster at {cluster} has no active silo");
                }
                int cores = silos.Sum(s => s.Cores);
                return new BatchEngine(ensemble, $"ensemble over the cluster at {cluster} ({silos.Count} silos, {cores} cores)", null, host, cores);
            }
            catch (Exception ex)
            {
                await StopAsync(host);
                throw ex is ClusterUnavailableException or OperationCanceledException ? ex
                    : new ClusterUnavailableException($"the cluster at {cluster} did not answer: {ex.Message}", ex);
            }
        }
        var session = await EngineSession.StartAsync(engine, cluster, logger, cancellationToken);
        return new BatchEngine(session.Engine, session.Where, session, null, 1);
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
        if (_client is not null)
        {
            await StopAsync(_client);
        }
    }

    private static async Task StopAsync(IHost host)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await host.StopAsync(timeout.Token);
        }
        catch (Exception)
        {
            // Best effort: the results are written.
        }
        host.Dispose();
    }
}
