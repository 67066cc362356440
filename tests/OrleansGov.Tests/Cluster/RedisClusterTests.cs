using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansGov.Checkpoints;
using OrleansGov.Client.Hosting;
using OrleansGov.Engine;
using OrleansGov.Hosting;
using OrleansGov.Runs;
using OrleansGov.Tests.Engine;
using OrleansGov.Tests.Support;
using StackExchange.Redis;

namespace OrleansGov.Tests.Cluster;

/// <summary>The Redis checkpoint store and a Redis-membership cluster, against a real redis-server on loopback.</summary>
public sealed class RedisClusterTests
{
    [RedisFact]
    public async Task The_redis_store_keeps_parts_commits_generations_and_progress_and_forgets_a_run()
    {
        await using var redis = await RedisServer.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync(OrleansGovSilo.RedisOptions(redis.Endpoint));
        var store = new RedisCheckpointStore(connection, redis.Endpoint, "test");
        var meta = Checkpoint.Meta(5, TestScenarios.Small(), [], [], [new PartRef("nation", 3, "abc")]);

        await store.WritePartAsync("r1", 5, "nation", [1, 2, 3]);
        Assert.Empty(await store.CommittedTicksAsync("r1")); // parts alone are no checkpoint
        await store.CommitAsync("r1", meta);
        Assert.Equal(1, await store.NextGenerationAsync("r1"));
        Assert.Equal(2, await store.NextGenerationAsync("r1"));
        await store.WriteProgressAsync("r1", 17);

        Assert.Equal(new[] { 5 }, await store.CommittedTicksAsync("r1"));
        Assert.Equal(new byte[] { 1, 2, 3 }, await store.ReadPartAsync("r1", 5, "nation"));
        Assert.Equal(meta.WorldHash, (await store.ReadCommitAsync("r1", 5))!.WorldHash);
        Assert.Equal(2, await store.CurrentGenerationAsync("r1"));
        Assert.Equal(17, await store.ReadProgressAsync("r1"));
        Assert.Equal("17", (string?)await connection.GetDatabase().StringGetAsync("orleansgov:test:r1:progress")); // readable by scripts

        await store.DeleteRunAsync("r1");
        Assert.Empty(await store.CommittedTicksAsync("r1"));
        Assert.Null(await store.ReadPartAsync("r1", 5, "nation"));
        Assert.Empty(await connection.GetServer(redis.Endpoint).KeysAsync(pattern: "orleansgov:test:*").ToArrayAsync());
    }

    [RedisFact]
    public async Task Two_silos_joined_through_redis_run_for_a_client_that_discovers_them_and_survive_a_graceful_stop()
    {
        await using var redis = await RedisServer.StartAsync();
        string clusterId = "t" + Guid.NewGuid().ToString("N")[..8];
        var silos = new List<IHost>();
        try
        {
            foreach (var _ in Enumerable.Range(0, 2))
            {
                silos.Add(await StartSiloAsync(redis.Endpoint, clusterId));
            }
            var scenario = TestScenarios.Small(ticks: 60);
            var reference = await EngineAssert.ReferenceAsync(scenario);
            using var client = await ClusterConnection.ConnectAsync($"redis://{redis.Endpoint}/{clusterId}", Serilog.Core.Logger.None, null, CancellationToken.None);
            var engine = new OrleansEngine(client.Services.GetRequiredService<IClusterClient>());
            string runId = EngineAssert.NewRunId("redis");
            var coordinator = client.Services.GetRequiredService<IClusterClient>().GetGrain<Grains.IRunCoordinatorGrain>(runId);

            var run = engine.RunAsync(runId, scenario, new RunPlan { CheckpointEvery = 20 }, null, CancellationToken.None);
            await EngineAssert.WaitForAsync(coordinator, i => i.TicksDone >= 8, seconds: 120);
            await silos[1].StopAsync(); // graceful: the run checkpoints and goes on without it
            var outcome = await run;

            Assert.Equal(RunStatus.Completed, outcome.Status);
            EngineAssert.SameRows(reference.Metrics, outcome.Metrics);
            Assert.Single(outcome.Recoveries);
            Assert.Equal(1, outcome.SiloCount);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.StopAsync(TimeSpan.FromSeconds(30));
                silo.Dispose();
            }
        }
    }

    [RedisFact]
    public async Task A_client_of_a_cluster_nobody_serves_fails_with_the_store_address()
    {
        await using var redis = await RedisServer.StartAsync();

        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() =>
            ClusterConnection.ConnectAsync($"redis://{redis.Endpoint}/nobody", Serilog.Core.Logger.None, null, CancellationToken.None));

        Assert.Contains($"redis://{redis.Endpoint}/nobody", error.Message);
    }

    private static async Task<IHost> StartSiloAsync(string redis, string clusterId)
    {
        int[] ports = FreePorts.Take(2);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(90));
        builder.UseOrleans(silo => silo
            .UseOrleansGovRedisCluster(new ClusterSettings
            {
                Redis = redis,
                ClusterId = clusterId,
                ServiceId = clusterId,
                AdvertisedAddress = IPAddress.Loopback,
                SiloPort = ports[0],
                GatewayPort = ports[1],
            })
            .AddOrleansGov());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
