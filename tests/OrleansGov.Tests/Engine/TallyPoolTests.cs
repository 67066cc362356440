using System.Reflection;
using OrleansGov.Metrics;

namespace OrleansGov.Tests.Engine;

/// <summary>
/// The leaves' tallies are recycled (docs/PERFORMANCE.md, round 10): a government merges a leaf's tally
/// and hands it back to the pool, and the next leaf step fills it. A recycled tally must start from zero
/// whatever fields the accumulator has, or one step's counts would leak into another's.
/// </summary>
public sealed class TallyPoolTests
{
    private const BindingFlags Fields = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;

    [Fact]
    public void Reset_clears_every_field_of_the_accumulator()
    {
        var tally = new MetricsAccumulator();
        object boxed = tally;
        long value = 1;
        foreach (var field in typeof(MetricsAccumulator).GetFields(Fields))
        {
            if (field.FieldType == typeof(long))
            {
                field.SetValue(boxed, value++);
            }
            else if (field.FieldType == typeof(ChannelCounts))
            {
                field.SetValue(boxed, new ChannelCounts { Within = value++, Region = value++, Province = value++ });
            }
        }
        tally.AddCounty(2, 5);
        Assert.NotEqual(new MetricsAccumulator().ToMetrics(3, "x"), tally.ToMetrics(3, "x"));

        tally.Reset();

        foreach (var field in typeof(MetricsAccumulator).GetFields(Fields))
        {
            object? after = field.GetValue(tally);
            if (field.FieldType == typeof(long))
            {
                Assert.True((long)after! == 0, $"{field.Name} is {after} after Reset");
            }
            else if (field.FieldType == typeof(ChannelCounts))
            {
                Assert.Equal(default(ChannelCounts), (ChannelCounts)after!);
            }
            else
            {
                // Only the county list is not a count: it must be empty (or not made yet).
                Assert.True(after is null or System.Collections.ICollection { Count: 0 }, $"{field.Name} ({field.FieldType.Name}) is not cleared by Reset");
            }
        }
        Assert.Equal(new MetricsAccumulator().ToMetrics(3, "x"), tally.ToMetrics(3, "x"));
    }

    [Fact]
    public void A_recycled_tally_is_added_once_then_rented_again_zeroed()
    {
        var leaf = TallyPool.Rent();
        leaf.SystemsTotal = 7;
        leaf.Deals[1] = 2;
        var government = new MetricsAccumulator();

        new SealedTally(leaf).AddToAndRecycle(government);
        var next = TallyPool.Rent();

        Assert.Equal(7, government.SystemsTotal);
        Assert.Equal(2, government.Deals[1]);
        Assert.Same(leaf, next);
        Assert.Equal(new MetricsAccumulator().ToMetrics(0, "x"), next.ToMetrics(0, "x"));
    }
}
