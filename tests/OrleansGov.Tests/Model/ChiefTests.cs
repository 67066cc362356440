using OrleansGov.Model;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Support;
using static OrleansGov.Tests.Model.CostOfVerticalIntegrationTests;

namespace OrleansGov.Tests.Model;

/// <summary>Uncertainty where it lies (docs/MODEL.md §6.1, §7.2 chiefs): heterogeneous chiefs, cadre rotation, provincial crises.</summary>
public class ChiefTests
{
    private static readonly AgentId Province = AgentId.Create(AgentKind.Government, 0, -1, -1, 0);

    [Fact]
    public void Chiefs_differ_in_attention_and_decay_from_the_start()
    {
        var scenario = Quiet();
        var chiefs = scenario.Provinces.SelectMany((_, p) => new AgentHarness(scenario, AgentId.Create(AgentKind.Government, p, -1, -1, 0)).World.GovernmentsOf(p))
            .Select(id =>
            {
                var harness = new AgentHarness(scenario, id);
                harness.Step(0);
                return harness.As<GovernmentAgent>();
            })
            .Where(g => g.Appointed)
            .ToList();
        Assert.True(chiefs.Count > 5);
        Assert.True(chiefs.Select(c => c.ChiefDecay).Distinct().Count() > 5);
        Assert.True(chiefs.Max(c => c.ChiefAttention) - chiefs.Min(c => c.ChiefAttention) > 0.05);
    }

    [Fact]
    public void A_rotated_chief_brings_an_attention_of_its_own_and_without_rotation_none_is_replaced()
    {
        // A tenure of a tick or so: a new chief nearly every tick, attention uniform in [successor-min, successor-max].
        var k = ConstantValues.Defaults;
        var scenario = Quiet(m => m with { Rotation = true, Attention = m.Attention with { Decay = false } }, c => c.With(Constants.TenureYears, 0.1));
        var harness = new AgentHarness(scenario, Province);
        var seen = new HashSet<double>();
        for (int t = 0; t < 80; t++)
        {
            harness.Step(t);
            seen.Add(harness.As<GovernmentAgent>().ChiefAttention);
        }
        Assert.True(seen.Count > 8, $"{seen.Count} chiefs in 80 ticks"); // hazard 1 / (0.1 × 52) ≈ 0.19 per tick
        Assert.All(seen.Skip(1), a => Assert.InRange(a, 0, 1));
        Assert.Contains(seen, a => a >= k[Constants.SuccessorMin] && a <= k[Constants.SuccessorMax]);

        var still = new AgentHarness(Quiet(m => m with { Attention = m.Attention with { Decay = false } }, c => c.With(Constants.TenureYears, 0.1)), Province);
        still.Step(0);
        double first = still.As<GovernmentAgent>().ChiefAttention;
        for (int t = 1; t < 30; t++) still.Step(t);
        Assert.Equal(first, still.As<GovernmentAgent>().ChiefAttention);
    }

    [Fact]
    public void A_crisis_halves_the_province_chiefs_attention_and_cuts_the_office_budget_for_a_while()
    {
        var k = ConstantValues.Defaults;
        var calm = Quiet(m => m with { Attention = m.Attention with { Decay = false } });
        var crises = calm with { Mechanisms = calm.Mechanisms with { Shocks = true }, Constants = k.With(Constants.ShockRate, 1) };
        var steady = new AgentHarness(calm, Province);
        var shaken = new AgentHarness(crises, Province);
        var budgetSteady = (ResourceAllocation)steady.Step(0).Single(e => e.Body is ResourceAllocation).Body;
        var budgetShaken = (ResourceAllocation)shaken.Step(0).Single(e => e.Body is ResourceAllocation).Body;
        double before = steady.As<GovernmentAgent>().ChiefAttention;
        Assert.Equal(before * (1 - k[Constants.ShockAttentionLoss]), shaken.As<GovernmentAgent>().ChiefAttention, 12);
        Assert.True(budgetShaken.Budget < budgetSteady.Budget);
    }

    [Fact]
    public async Task Replicates_differ_as_provinces_would_leader_attention_and_adoption_vary_across_seeds()
    {
        var finals = new List<(double Attention, double Adoption)>();
        foreach (ulong seed in new ulong[] { 1, 2, 3, 4 })
        {
            var rows = await Run(ScenarioLoader.Load("authority") with { Seed = seed, Ticks = 104 });
            finals.Add((rows[^1].LeaderAttention, rows[^1].CloudAdoption));
        }
        Assert.True(finals.Select(f => f.Attention).Distinct().Count() == 4);
        double mean = finals.Average(f => f.Attention);
        double sd = Math.Sqrt(finals.Sum(f => (f.Attention - mean) * (f.Attention - mean)) / 3);
        Assert.True(sd > 0.01, $"across-seed SD of leader attention {sd:F4}");
    }
}
