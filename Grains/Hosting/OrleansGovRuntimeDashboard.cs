using Orleans.Dashboard;

namespace OrleansGov.Hosting;

/// <summary>
/// Orleans' own runtime dashboard (activations, calls, silos; package Microsoft.Orleans.Dashboard).
/// Every silo of a cluster the OrleansGov dashboard serves at <c>/orleans</c> must add it.
/// </summary>
public static class OrleansGovRuntimeDashboard
{
    /// <summary>Adds the runtime dashboard's silo side (its grains and per-call statistics).</summary>
    public static ISiloBuilder AddOrleansGovRuntimeDashboard(this ISiloBuilder silo) => silo.AddDashboard();

    /// <summary>Adds the runtime dashboard's client side, for a web host connected to a cluster as a client.</summary>
    public static IClientBuilder AddOrleansGovRuntimeDashboard(this IClientBuilder client) => client.AddDashboard();
}
