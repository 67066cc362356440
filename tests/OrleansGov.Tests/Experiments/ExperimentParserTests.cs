using OrleansGov.Client.Experiments;

namespace OrleansGov.Tests.Experiments;

public sealed class ExperimentParserTests
{
    private static Experiment Parse(string yaml) => ExperimentParser.Parse(yaml, "test.yaml", ".");

    [Fact]
    public void Grid_times_latin_hypercube_gives_every_combination_with_values_in_range()
    {
        var e = Parse("""
            name: lhs
            scenario: small
            seed: 4
            seeds: [10, 20]
            factors:
              mode: [loose, collaborative]
            sample:
              points: 5
              ranges:
                mechanisms.attention.decay-per-tick: [0.01, 0.05]
                provinces[*].enterprises: [2, 6]
            """);
        var plan = e.Plan;
        Assert.Equal(10, plan.Arms.Count);
        Assert.Equal(20, plan.RunCount);
        Assert.Equal(["loose_p01", "loose_p02"], plan.Arms.Take(2).Select(a => a.Id));
        Assert.Equal([10UL, 20UL], plan.Replicates.Select(r => r.Seed));
        Assert.Equal("loose_p01", plan.Baseline);
        Assert.Equal(["mode", "mechanisms.attention.decay-per-tick", "provinces[*].enterprises"], plan.Factors.Select(f => f.Parameter));
        var loose = plan.Arms.Where(a => a.Values[0] == "loose").ToList();
        // Both modes get the same sampled points; the integer dimension covers its 5 values once each.
        Assert.Equal(loose.Select(a => a.Values[1]), plan.Arms.Where(a => a.Values[0] == "collaborative").Select(a => a.Values[1]));
        Assert.Equal(["2", "3", "4", "5", "6"], loose.Select(a => a.Values[2]).Order());
        foreach (var arm in plan.Arms)
        {
            var s = e.ArmScenarios[arm.Id];
            Assert.Equal(arm.Values[0], s.Mode);
            Assert.InRange(s.Mechanisms.Attention.DecayPerTick, 0.01, 0.05);
            Assert.All(s.Provinces, p => Assert.Equal(int.Parse(arm.Values[2]), p.Enterprises));
        }
        var run = plan.Runs().Last();
        Assert.Equal("collaborative_p05-r02", run.Name);
        Assert.Equal(20UL, e.ScenarioFor(run).Seed);
    }

    [Fact]
    public void Mode_is_applied_before_dials_whatever_the_order_in_the_file()
    {
        var e = Parse("""
            name: order
            scenario: small
            factors:
              dials.horizontal: [0.5]
              mode: [loose]
            """);
        var s = e.ArmScenarios.Values.Single();
        Assert.Equal((0.2, 0.5), (s.Dials.Vertical, s.Dials.Horizontal));
    }

    [Fact]
    public void The_plan_is_reproducible_and_holds_no_times()
    {
        const string Yaml = "name: p\nscenario: small\nreplicates: 3\nsample: { points: 4, ranges: { levers.linkage: [0, 1] } }\n";
        Assert.Equal(Parse(Yaml).Plan.ToUtf8(), Parse(Yaml).Plan.ToUtf8());
    }
}
