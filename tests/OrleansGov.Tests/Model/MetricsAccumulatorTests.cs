using OrleansGov.Metrics;

namespace OrleansGov.Tests.Model;

public class MetricsAccumulatorTests
{
    private static MetricsAccumulator County(int migrated, int total, double attention)
    {
        var tally = new MetricsAccumulator { SystemsMigrated = migrated, SystemsTotal = total, Departments = 1 };
        tally.AddAttention(attention);
        tally.CloseCounty();
        return tally;
    }

    [Fact]
    public void Merging_in_any_order_gives_identical_metrics()
    {
        var parts = new[] { County(1, 4, 0.1), County(0, 3, 0.7), County(3, 3, 0.3333333), County(2, 5, 0.9) };
        var forward = new MetricsAccumulator();
        foreach (var p in parts) forward.Merge(p);
        var backward = new MetricsAccumulator();
        foreach (var p in parts.Reverse()) backward.Merge(p);
        Assert.Equal(forward.ToMetrics(1, "x"), backward.ToMetrics(1, "x"));
    }

    [Fact]
    public void Gini_matches_a_hand_computed_value()
    {
        // Adoption 0, 0, 0, 1: G = sum((2i-n-1) x_i) / (n sum x) = (3 * 1) / (4 * 1) = 0.75.
        var tally = new MetricsAccumulator();
        foreach (var c in new[] { County(0, 2, 0), County(0, 2, 0), County(2, 2, 0), County(0, 5, 0) }) tally.Merge(c);
        Assert.Equal(0.75, tally.Gini(), 12);
        var equal = new MetricsAccumulator();
        foreach (var c in new[] { County(1, 2, 0), County(2, 4, 0) }) equal.Merge(c);
        Assert.Equal(0.0, equal.Gini(), 12);
    }

    [Fact]
    public void Ratios_are_nan_until_defined()
    {
        var metrics = new MetricsAccumulator().ToMetrics(0, "nation");
        Assert.True(double.IsNaN(metrics.CloudAdoption));
        Assert.True(double.IsNaN(metrics.ShareWithinRate));
        Assert.True(double.IsNaN(metrics.ImbalanceGini));
        var tally = new MetricsAccumulator { SystemsTotal = 8, SystemsMigrated = 2 };
        tally.Deals[1] = 3;
        tally.Closed[1] = 4;
        var m = tally.ToMetrics(0, "p");
        Assert.Equal(0.25, m.CloudAdoption);
        Assert.Equal(0.75, m.ShareRegionRate);
        Assert.Equal(3, m.ShareRegionDeals);
    }
}
