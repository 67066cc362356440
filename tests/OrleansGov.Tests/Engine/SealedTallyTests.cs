using System.Reflection;
using OrleansGov.Grains;
using OrleansGov.Metrics;

namespace OrleansGov.Tests.Engine;

/// <summary>
/// Issue 14 item 18: a step output is [Immutable] (passed by reference inside a silo), so what it
/// carries must expose no mutable state; the tallies travel sealed.
/// </summary>
public sealed class SealedTallyTests
{
    [Fact]
    public void A_step_output_carries_its_tallies_sealed()
    {
        var tally = typeof(StepOutput).GetProperty(nameof(StepOutput.Tally))!;
        Assert.Equal(typeof(SealedTally), tally.PropertyType);
        Assert.Empty(typeof(SealedTally).GetFields(BindingFlags.Public | BindingFlags.Instance));
        Assert.DoesNotContain(typeof(SealedTally).GetProperties(BindingFlags.Public | BindingFlags.Instance), p => p.CanWrite);
        Assert.DoesNotContain(typeof(SealedTally).GetMethods(BindingFlags.Public | BindingFlags.Instance),
            m => m.ReturnType == typeof(MetricsAccumulator));
    }

    [Fact]
    public void Adding_sealed_tallies_changes_the_target_only()
    {
        var inner = new MetricsAccumulator { SystemsTotal = 10, SystemsMigrated = 4 };
        inner.AddCounty(4, 10);
        var sealedTally = new SealedTally(inner);
        var target = new MetricsAccumulator();

        sealedTally.AddTo(target);
        sealedTally.AddTo(target);

        Assert.Equal(20, target.SystemsTotal);
        Assert.Equal(2, target.Counties.Count);
        Assert.Equal(0.4, sealedTally.ToMetrics(0, "x").CloudAdoption);
        Assert.Equal(10, inner.SystemsTotal);
    }
}
