using Orleans.TestingHost;
using OrleansGov.Hosting;

namespace OrleansGov.Tests.Engine;

/// <summary>An in-process test cluster of <c>silos</c> silos, configured as production silos are (AddOrleansGov).</summary>
public abstract class ClusterFixture(short silos) : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) => silo.AddOrleansGov());
        builder.ConfigureClient(client => client.AddOrleansGov());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

public sealed class OneSiloFixture() : ClusterFixture(1);

public sealed class ThreeSiloFixture() : ClusterFixture(3);

[CollectionDefinition(Name)]
public sealed class OneSiloCollection : ICollectionFixture<OneSiloFixture>
{
    public const string Name = "one-silo cluster";
}

[CollectionDefinition(Name)]
public sealed class ThreeSiloCollection : ICollectionFixture<ThreeSiloFixture>
{
    public const string Name = "three-silo cluster";
}
