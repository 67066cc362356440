using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using OrleansGov.Agents;
using OrleansGov.Grains;

namespace OrleansGov.Hosting;

/// <summary>Everything a silo needs to host OrleansGov runs.</summary>
public static class OrleansGovSilo
{
    /// <summary>
    /// Adds the metrics memory stream provider (and its "PubSubStore" memory storage) and the per-silo
    /// world cache. Use on every silo: <c>builder.UseOrleans(s => s.UseLocalhostClustering().AddOrleansGov())</c>.
    /// </summary>
    public static ISiloBuilder AddOrleansGov(this ISiloBuilder silo)
    {
        silo.AddMemoryStreams(GrainKeys.MetricsProvider);
        silo.AddMemoryGrainStorage("PubSubStore");
        silo.Services.AddSingleton<WorldCache>();
        return silo;
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
