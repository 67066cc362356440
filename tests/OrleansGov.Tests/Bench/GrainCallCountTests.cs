using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansGov.Agents;
using OrleansGov.Client.Hosting;
using OrleansGov.Engine;
using OrleansGov.Hosting;
using OrleansGov.Runs;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Bench;

/// <summary>What a run costs in leaf-grain calls, counted per method by an incoming call filter.</summary>
public class GrainCallCountTests
{
    /// <summary>
    /// A leaf gets one step call per tick and nothing else: after the last tick's step it lets its
    /// activation go by itself, so the end of a run sends no release call per leaf (before, one more
    /// call per agent).
    /// </summary>
    [Fact]
    public async Task A_leaf_gets_one_step_call_per_tick_and_no_release_call()
    {
        var scenario = TestScenarios.Small(ticks: 5);
        var counter = new LeafCallCounter();
        int[] ports = FreePorts.Take(2);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: ports[0], gatewayPort: ports[1], serviceId: "calls", clusterId: "calls-" + Guid.NewGuid().ToString("N"));
            silo.AddOrleansGov();
            silo.AddIncomingGrainCallFilter(counter);
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var outcome = await new OrleansEngine(host.Services.GetRequiredService<IClusterClient>())
                .RunAsync("calls-" + Guid.NewGuid().ToString("N"), scenario, null, CancellationToken.None);

            Assert.Equal(RunStatus.Completed, outcome.Status);
            var calls = counter.Calls.ToDictionary();
            Assert.Equal(["StepAsync"], calls.Keys.Order());
            Assert.True(calls["StepAsync"] % scenario.Ticks == 0, $"{calls["StepAsync"]} step calls is not a whole number of ticks");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private sealed class LeafCallCounter : IIncomingGrainCallFilter
    {
        public ConcurrentDictionary<string, int> Calls { get; } = new();

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.Grain is AgentGrain)
            {
                Calls.AddOrUpdate(context.MethodName, 1, (_, n) => n + 1);
            }
            return context.Invoke();
        }
    }
}
