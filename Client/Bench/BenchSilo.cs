using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansGov.Checkpoints;
using OrleansGov.Client.Hosting;
using OrleansGov.Hosting;

namespace OrleansGov.Client.Bench;

/// <summary>
/// The bench's own embedded silo: the same configuration as <c>orleansgov run</c>'s (AddOrleansGov,
/// localhost clustering) and nothing more — no call filter, so the timed runs pay what a real run pays;
/// grain calls are counted from the runtime's own meter (<see cref="GrainRequestMeter"/>), and tick ends
/// stamped by its checkpoint store (<see cref="TickEndStamps"/>).
/// </summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host)
    {
        _host = host;
        Counter = new GrainRequestMeter(host.Services.GetRequiredService<OrleansInstruments>());
        Client = host.Services.GetRequiredService<IClusterClient>();
        TickEnds = (TickEndStamps)host.Services.GetRequiredService<ICheckpointStore>();
    }

    public IClusterClient Client { get; }
    public GrainRequestMeter Counter { get; }

    /// <summary>When each run's ticks ended (its checkpoint store stamps them).</summary>
    public TickEndStamps TickEnds { get; }

    /// <summary>The silo's services (for the tests: no call filter is registered).</summary>
    internal IServiceProvider Services => _host.Services;

    public static async Task<BenchSilo> StartAsync()
    {
        int[] ports = FreePorts.Take(2);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: ports[0], gatewayPort: ports[1], serviceId: "orleansgov-bench",
                clusterId: $"orleansgov-bench-{Environment.ProcessId}-{Guid.NewGuid():N}");
            silo.Services.AddSingleton<ICheckpointStore, TickEndStamps>(); // before AddOrleansGov, whose in-memory store is only a default
            silo.AddOrleansGov();
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
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
        Counter.Dispose();
    }
}
