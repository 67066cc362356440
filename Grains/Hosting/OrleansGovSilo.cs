using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansGov.Agents;
using OrleansGov.Checkpoints;
using OrleansGov.Ensemble;
using StackExchange.Redis;
using OrleansGov.Grains;

namespace OrleansGov.Hosting;

/// <summary>Everything a silo needs to host OrleansGov runs.</summary>
public static class OrleansGovSilo
{
    /// <summary>
    /// Adds the metrics memory stream provider (and its "PubSubStore" memory storage), the per-silo
    /// world cache, the checkpoint store (in memory unless one is configured, e.g. by
    /// <see cref="UseOrleansGovRedisCluster"/>) and the graceful-stop drain. Use on every silo:
    /// <c>builder.UseOrleans(s => s.UseLocalhostClustering().AddOrleansGov())</c>.
    /// </summary>
    public static ISiloBuilder AddOrleansGov(this ISiloBuilder silo)
    {
        silo.AddMemoryStreams(GrainKeys.MetricsProvider);
        silo.AddMemoryGrainStorage("PubSubStore");
        silo.Services.AddSingleton<WorldCache>();
        silo.Services.TryAddSingleton<ICheckpointStore, MemoryCheckpointStore>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloDrain>();
        silo.Services.TryAddSingleton<EnsembleRuns>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<EnsembleRuns>());
        return silo;
    }

    /// <summary>
    /// Joins a real cluster: membership in Redis (which also holds the runs' checkpoints, so they
    /// outlive every silo), this silo advertised at <see cref="ClusterSettings.AdvertisedAddress"/> and
    /// listening on all interfaces, failure detection tuned to seconds (a probe every second, dead after
    /// two missed: ~1–3 s instead of ~10 s), and mutual TLS when configured.
    /// </summary>
    public static ISiloBuilder UseOrleansGovRedisCluster(this ISiloBuilder silo, ClusterSettings settings)
    {
        silo.UseRedisClustering(options => options.ConfigurationOptions = RedisOptions(settings.Redis));
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = settings.ClusterId;
            options.ServiceId = settings.ServiceId;
        });
        silo.ConfigureEndpoints(settings.AdvertisedAddress, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 2;
        });
        silo.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisOptions(settings.Redis)));
        silo.Services.AddSingleton<ICheckpointStore>(services =>
            new RedisCheckpointStore(services.GetRequiredService<IConnectionMultiplexer>(), settings.Redis, settings.ServiceId));
        if (settings.Tls is { } tls)
        {
            silo.UseOrleansGovTls(tls);
        }
        return silo;
    }

    /// <summary>Redis client options: fail a first connection fast, keep retrying a lost one.</summary>
    public static ConfigurationOptions RedisOptions(string endpoint)
    {
        var options = ConfigurationOptions.Parse(endpoint);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 5000;
        options.ConnectRetry = 2;
        return options;
    }

    /// <summary>
    /// Joins (or starts) a localhost cluster: this silo listens on <paramref name="siloPort"/> and
    /// <paramref name="gatewayPort"/>; the silo on <paramref name="primarySiloPort"/> is the primary.
    /// The cluster and service ids are set explicitly (Orleans 10's localhost clustering leaves them at
    /// "default"), so clients made with <see cref="OrleansGovClient.UseOrleansGovCluster"/> match.
    /// </summary>
    public static ISiloBuilder UseOrleansGovLocalhostCluster(
        this ISiloBuilder silo, int siloPort, int gatewayPort, int primarySiloPort,
        string clusterId = OrleansGovClient.DefaultClusterId, string serviceId = OrleansGovClient.DefaultServiceId)
    {
        silo.UseLocalhostClustering(siloPort, gatewayPort, new IPEndPoint(IPAddress.Loopback, primarySiloPort), serviceId, clusterId);
        silo.Services.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = serviceId;
        });
        return silo;
    }
}
