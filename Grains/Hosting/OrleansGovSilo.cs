using Microsoft.Extensions.DependencyInjection;
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
}
