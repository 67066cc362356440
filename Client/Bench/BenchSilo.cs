using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansGov.Client.Hosting;
using OrleansGov.Hosting;

namespace OrleansGov.Client.Bench;

/// <summary>
/// Counts every grain call the silo serves (an incoming grain call filter), so the bench reports real
/// grain calls per agent-tick rather than an estimate. One interlocked increment per call.
/// </summary>
public sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    private long _calls;

    public long Calls => Interlocked.Read(ref _calls);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        Interlocked.Increment(ref _calls);
        return context.Invoke();
    }
}

/// <summary>The bench's own embedded silo: the same configuration as <c>orleansgov run</c>'s (AddOrleansGov, localhost clustering), plus the call counter.</summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host, GrainCallCounter counter)
    {
        _host = host;
        Counter = counter;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }
    public GrainCallCounter Counter { get; }

    public static async Task<BenchSilo> StartAsync()
    {
        int[] ports = FreePorts.Take(2);
        var counter = new GrainCallCounter();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: ports[0], gatewayPort: ports[1], serviceId: "orleansgov-bench",
                clusterId: $"orleansgov-bench-{Environment.ProcessId}-{Guid.NewGuid():N}");
            silo.AddOrleansGov();
            silo.AddIncomingGrainCallFilter(counter);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host, counter);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _host.StopAsync(timeout.Token);
        }
        catch (Exception)
        {
            // best effort
        }
        _host.Dispose();
    }
}
