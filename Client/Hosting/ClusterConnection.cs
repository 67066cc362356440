using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansGov.Hosting;
using Serilog;
using ILogger = Serilog.ILogger;

namespace OrleansGov.Client.Hosting;

/// <summary>
/// Connects an Orleans client to the cluster <c>--cluster</c> names, failing fast with the address when
/// nothing answers there: a plain TCP probe of the gateways (or the Redis membership store) first, then
/// the Orleans client's own connection within <see cref="ConnectTimeout"/>. TLS comes from
/// <c>ORLEANSGOV_TLS_CERT</c> / <c>ORLEANSGOV_TLS_CA</c> (see docs/CLUSTER.md).
/// </summary>
public static class ClusterConnection
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60); // after a probe that answered: a loaded silo may take a while

    /// <summary>A started client host, or <see cref="ClusterUnavailableException"/> naming the address.</summary>
    public static async Task<IHost> ConnectAsync(string cluster, ILogger logger, Action<IClientBuilder>? configure, CancellationToken cancellationToken)
    {
        if (!ClusterAddress.TryParse(cluster, out var target, out string? problem))
        {
            throw new ClusterUnavailableException($"--cluster {cluster}: {problem}");
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(logger, dispose: false);
        var configured = await ConfigureAsync(cluster, cancellationToken);
        builder.UseOrleansClient(client =>
        {
            configured(client);
            configure?.Invoke(client);
        });
        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await host.StartAsync(timeout.Token);
            return host;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            string why = ex is OperationCanceledException ? $"no answer within {ConnectTimeout.TotalSeconds:0} s" : ex.Message;
            string where = target.Redis is not null ? $"no gateway of cluster '{target.ClusterId}' registered in {target} answered" : $"cannot reach the cluster at {target}";
            throw new ClusterUnavailableException($"{where}: {why}", ex);
        }
    }

    /// <summary>
    /// Resolves and probes <paramref name="cluster"/> (throws <see cref="ClusterUnavailableException"/>
    /// naming the address) and returns how to configure an Orleans client for it, TLS included.
    /// </summary>
    public static async Task<Action<IClientBuilder>> ConfigureAsync(string cluster, CancellationToken cancellationToken)
    {
        if (!ClusterAddress.TryParse(cluster, out var target, out string? problem))
        {
            throw new ClusterUnavailableException($"--cluster {cluster}: {problem}");
        }
        var configured = await ResolveAsync(target, cancellationToken);
        var tls = TlsSettings.FromEnvironment();
        return client =>
        {
            configured(client);
            if (tls is not null)
            {
                client.UseOrleansGovTls(tls);
            }
        };
    }

    /// <summary>Resolves and probes the target; returns how to configure the client for it.</summary>
    private static async Task<Action<IClientBuilder>> ResolveAsync(ClusterTarget target, CancellationToken cancellationToken)
    {
        if (target.Redis is { } redis)
        {
            var store = await ProbeAsync(redis, $"the membership store {target}", cancellationToken);
            return client => client.UseOrleansGovRedisCluster($"{store.Address}:{store.Port}", target.ClusterId);
        }
        var reachable = new List<IPEndPoint>();
        var failures = new List<string>();
        foreach (var gateway in target.Gateways)
        {
            try
            {
                reachable.Add(await ProbeAsync(gateway, $"the cluster at {gateway.Host}:{gateway.Port}", cancellationToken));
            }
            catch (ClusterUnavailableException ex)
            {
                failures.Add(ex.Message);
            }
        }
        if (reachable.Count == 0)
        {
            throw new ClusterUnavailableException(string.Join("; ", failures));
        }
        return client => client.UseOrleansGovCluster(reachable.ToArray(), target.ClusterId);
    }

    /// <summary>A TCP connect to <paramref name="address"/>: where nothing listens it fails in milliseconds with a clear message.</summary>
    private static async Task<IPEndPoint> ProbeAsync((string Host, int Port) address, string what, CancellationToken cancellationToken)
    {
        IPEndPoint endpoint;
        try
        {
            endpoint = await ClusterAddress.ResolveAsync(address.Host, address.Port, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ClusterUnavailableException($"cannot resolve {what}: {ex.Message}", ex);
        }
        using var tcp = new TcpClient(endpoint.AddressFamily);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await tcp.ConnectAsync(endpoint, timeout.Token);
            return endpoint;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            string why = ex is OperationCanceledException ? $"no answer within {ProbeTimeout.TotalSeconds:0} s" : ex.Message;
            throw new ClusterUnavailableException($"cannot reach {what} ({endpoint}): {why}", ex);
        }
    }
}
