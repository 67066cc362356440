using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Model;

namespace OrleansGov.Tests.Engine;

/// <summary>
/// The per-call shape of a step (docs/PERFORMANCE.md, round 9): what it returns and what its output is
/// made of decide how many objects each of the run's ~1 grain call per agent-tick allocates.
/// </summary>
public sealed class StepContractTests
{
    /// <summary>A Task-returning grain method makes its proxy wrap every call in a task; a ValueTask one does not.</summary>
    [Fact]
    public void Steps_are_value_tasks()
    {
        Assert.Equal(typeof(ValueTask<StepOutput>), typeof(IAgentGrain).GetMethod(nameof(IAgentGrain.StepAsync))!.ReturnType);
        Assert.Equal(typeof(ValueTask<StepOutput>), typeof(IGovernmentGrain).GetMethod(nameof(IGovernmentGrain.StepAsync))!.ReturnType);
    }

    /// <summary>The sealed tally and the per-channel counts are inline, not objects of their own.</summary>
    [Fact]
    public void A_step_output_carries_its_tally_inline()
    {
        Assert.True(typeof(SealedTally).IsValueType);
        Assert.True(typeof(ChannelCounts).IsValueType);
    }

    /// <summary>Between silos a step output is serialized: the tally, channel counts and counties must all cross.</summary>
    [Fact]
    public void A_step_output_crosses_silos_whole()
    {
        using var services = new ServiceCollection()
            .AddSerializer(builder => builder.AddAssembly(typeof(StepOutput).Assembly))
            .BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var tally = new MetricsAccumulator { SystemsTotal = 8, SystemsMigrated = 3, Departments = 2 };
        tally.Deals[0] = 1;
        tally.Deals[2] = 5;
        tally.Closed[1] = 7;
        tally.Closed[2] = 6;
        tally.AddCounty(3, 8);
        var envelope = new Envelope(AgentId.Nation, AgentId.Nation, 4, new InterventionNotice(OrleansGov.Scenarios.InterventionKind.AttentionShift, 0.5));
        var output = new StepOutput([envelope], new SealedTally(tally));

        var copy = serializer.Deserialize<StepOutput>(serializer.SerializeToArray(output));

        Assert.NotNull(copy);

        Assert.Equal(output.Tally.ToMetrics(3, "x"), copy.Tally.ToMetrics(3, "x"));
        Assert.Equal(5, copy.Tally.ToMetrics(3, "x").ShareProvinceDeals);
        Assert.Equal(7, copy.Tally.ToMetrics(3, "x").ShareRegionClosed);
        Assert.Equal([envelope], copy.Outgoing);
    }

    [Fact]
    public void Channel_counts_add_channel_by_channel()
    {
        var a = new MetricsAccumulator();
        a.Deals[0] = 1;
        a.Closed[2] = 2;
        var b = new MetricsAccumulator();
        b.Deals[0] = 10;
        b.Deals[1] = 20;
        b.Closed[2] = 30;

        a.Merge(b);

        Assert.Equal((11, 20, 0), (a.Deals[0], a.Deals[1], a.Deals[2]));
        Assert.Equal((0, 0, 32), (a.Closed[0], a.Closed[1], a.Closed[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Deals[3]);
    }
}
