using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansGov.Grains;

namespace OrleansGov.Hosting;

/// <summary>Everything an external client needs to run and watch OrleansGov runs.</summary>
public static class OrleansGovClient
{
    /// <summary>Cluster and service id of the standalone silo unless configured otherwise.</summary>
    public const string DefaultClusterId = "dev", DefaultServiceId = "dev";

    /// <summary>Adds the metrics memory stream provider (the client side of <see cref="OrleansGovSilo.AddOrleansGov"/>).</summary>
    public static IClientBuilder AddOrleansGov(this IClientBuilder client)
    {
        client.AddMemoryStreams(GrainKeys.MetricsProvider);
        return client;
    }

    /// <summary>
    /// Connects to a silo's gateway at <paramref name="gateway"/> (e.g. the standalone <c>Silo</c>), with the
    /// cluster and service ids of <see cref="OrleansGovSilo.UseOrleansGovLocalhostCluster"/> ("dev") unless told otherwise, and adds
    /// <see cref="AddOrleansGov"/>.
    /// </summary>
    public static IClientBuilder UseOrleansGovCluster(this IClientBuilder client, IPEndPoint gateway, string clusterId = DefaultClusterId, string serviceId = DefaultServiceId)
    {
        client.UseStaticClustering(gateway);
        client.Services.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = serviceId;
        });
        return client.AddOrleansGov();
    }

    /// <summary>Connects through any of <paramref name="gateways"/> (a static list) to cluster <paramref name="clusterId"/>.</summary>
    public static IClientBuilder UseOrleansGovCluster(this IClientBuilder client, IPEndPoint[] gateways, string clusterId)
    {
        client.UseStaticClustering(gateways);
        client.Services.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = clusterId;
        });
        return client.AddOrleansGov();
    }

    /// <summary>
    /// Connects to cluster <paramref name="clusterId"/> (service id the same, as the standalone silo sets
    /// them) discovering its live gateways in the Redis membership store at <paramref name="redis"/> (<c>HOST:PORT</c>).
    /// </summary>
    public static IClientBuilder UseOrleansGovRedisCluster(this IClientBuilder client, string redis, string clusterId)
    {
        client.UseRedisClustering(options => options.ConfigurationOptions = OrleansGovSilo.RedisOptions(redis));
        client.Services.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = clusterId;
        });
        return client.AddOrleansGov();
    }

    /// <summary>Parses <c>HOST:PORT</c> (a host name is resolved) into a gateway endpoint.</summary>
    public static IPEndPoint ParseGateway(string hostAndPort)
    {
        int colon = hostAndPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostAndPort.AsSpan(colon + 1), out int port) || port is <= 0 or > 65535)
        {
            throw new FormatException($"'{hostAndPort}' is not HOST:PORT.");
        }
        string host = hostAndPort[..colon];
        var address = IPAddress.TryParse(host, out var ip)
            ? ip
            : Dns.GetHostAddresses(host).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        return new IPEndPoint(address, port);
    }
}
