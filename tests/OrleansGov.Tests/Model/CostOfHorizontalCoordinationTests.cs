using OrleansGov.Model;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Support;
using static OrleansGov.Tests.Model.CostOfVerticalIntegrationTests;

namespace OrleansGov.Tests.Model;

/// <summary>
/// The costs of horizontal coordination (docs/MODEL.md §6.19): coordination overhead and free-riding on
/// shared data; and the conditional spillover that replaced the per-link peer effort (§6.3).
/// </summary>
public class CostOfHorizontalCoordinationTests
{
    private static readonly AgentId Dept = AgentId.Create(AgentKind.Department, 0, 0, 0, 1);
    private static readonly Policy Dials = new(0.5, 0.85, false, 0, 0, 0, 0);

    /// <summary>Departments of other governments of the province (partners for links).</summary>
    private static AgentId Partner(int i) => AgentId.Create(AgentKind.Department, 0, 1, i % 3, i / 3);

    /// <summary>A department that provides data to <paramref name="links"/> partners (one-way, or reciprocal), working under a steady push.</summary>
    private static AgentHarness Linked(Scenario scenario, int links, bool reciprocal, int ticks, double partnerAdoption = 0)
    {
        var harness = new AgentHarness(scenario, Dept);
        var accepts = Enumerable.Range(0, links)
            .Select(i => (Partner(i), (AgentMessage)new ShareAccept(i, SharingChannel.CrossRegion, reciprocal, partnerAdoption))).ToArray();
        for (int t = 0; t < ticks; t++)
        {
            // Renew the links every 40 ticks (they last 52) and relay full readiness with a moderate push.
            var inbox = new List<(AgentId, AgentMessage)> { (Dept.Government, new Directive(1.0, t + 1, 1.0, 0.4, 1.0)) };
            if (t % 40 == 0) inbox.AddRange(accepts);
            harness.Step(t, Dials, [.. inbox]);
        }
        return harness;
    }

    private static Scenario ManySystems(Func<Mechanisms, Mechanisms>? m = null) =>
        Quiet(mechanisms: x => (m?.Invoke(x) ?? x) with { Formalism = false }, constants: k => k.With(Constants.MinSystems, 300).With(Constants.MaxSystems, 300));

    [Fact]
    public void Link_upkeep_grows_faster_than_the_number_of_partners()
    {
        double Upkeep(int links) => Linked(ManySystems(), links, reciprocal: true, ticks: 1).Agent.Describe()["link_upkeep"];
        var k = ConstantValues.Defaults;
        Assert.Equal(k[Constants.LinkUpkeep] * Math.Pow(4, k[Constants.UpkeepExponent]), Upkeep(4), 12);
        Assert.True(Upkeep(8) > 2 * Upkeep(4));
    }

    [Fact]
    public void Coordination_takes_capacity_from_migration_and_without_the_cost_links_do_not_slow_it()
    {
        int Migrated(bool cost, int links) => Linked(ManySystems(m => m with { CoordinationCost = cost }), links, true, 200).As<DepartmentAgent>().Migrated;
        Assert.True(Migrated(true, 8) < Migrated(true, 0), $"{Migrated(true, 8)} systems with 8 links, {Migrated(true, 0)} without");
        Assert.InRange(Migrated(false, 8) - Migrated(false, 0), -1, 1);
    }

    [Fact]
    public void Providing_data_without_receiving_any_erodes_willingness_toward_a_lower_level_and_reciprocity_does_not()
    {
        double start = new AgentHarness(ManySystems(), Dept).As<DepartmentAgent>().Willingness;
        double oneWay = Linked(ManySystems(), 4, reciprocal: false, ticks: 120).As<DepartmentAgent>().Willingness;
        double twoWay = Linked(ManySystems(), 4, reciprocal: true, ticks: 120).As<DepartmentAgent>().Willingness;
        double off = Linked(ManySystems(m => m with { FreeRiding = false }), 4, reciprocal: false, ticks: 120).As<DepartmentAgent>().Willingness;
        Assert.True(oneWay < 0.9 * start, $"{start:F3} → {oneWay:F3}");
        Assert.Equal(start, twoWay, 12);
        Assert.Equal(start, off, 12);
        // The equilibrium: erosion ε·u·w balances the pull ρ·(norm − w).
        var k = ConstantValues.Defaults;
        double eps = k[Constants.FreeRidingErosion] * 4, rho = k[Constants.NormPull];
        Assert.InRange(oneWay, start * rho / (eps + rho) - 0.02, start * rho / (eps + rho) + 0.05);
    }

    [Fact]
    public void Willingness_raised_by_a_sanction_drifts_back_to_the_departments_norm()
    {
        var harness = new AgentHarness(ManySystems(), Dept);
        double norm = harness.As<DepartmentAgent>().Willingness;
        harness.Step(0, Dials, (Dept.Government, new AccountabilitySanction(1.0)));
        double sanctioned = harness.As<DepartmentAgent>().Willingness;
        for (int t = 1; t < 400; t++) harness.Step(t, Dials);
        Assert.True(sanctioned > norm + 0.1);
        Assert.InRange(harness.As<DepartmentAgent>().Willingness, norm, norm + 0.01);
    }

    [Fact]
    public void Learning_comes_only_from_linked_partners_that_are_ahead()
    {
        int Migrated(double partnerAdoption, bool peerLearning) =>
            Linked(ManySystems(m => m with { PeerLearning = peerLearning, CoordinationCost = false }), 3, true, 150, partnerAdoption).As<DepartmentAgent>().Migrated;
        int alone = Linked(ManySystems(m => m with { CoordinationCost = false }), 0, true, 150).As<DepartmentAgent>().Migrated;
        Assert.Equal(alone, Migrated(0.0, peerLearning: true));      // partners not ahead: nothing to learn
        Assert.True(Migrated(1.0, peerLearning: true) > alone);      // partners ahead pull it along
        Assert.Equal(alone, Migrated(1.0, peerLearning: false));     // the ablation removes it
    }

    [Fact]
    public async Task Coordination_overhead_slows_cooperative_governance_and_switched_off_adoption_is_higher()
    {
        var on = ScenarioLoader.Load("cooperative") with { Ticks = 156 };
        var off = on with { Mechanisms = on.Mechanisms with { CoordinationCost = false } };
        Assert.True((await Run(on))[^1].CloudAdoption < (await Run(off))[^1].CloudAdoption);
    }

    [Fact]
    public async Task With_low_norms_free_riding_unravels_sharing_and_switched_off_fewer_data_needs_go_unmet()
    {
        var on = ScenarioLoader.Load("cooperative") with { Ticks = 156, Preconditions = new Preconditions(0.1, 0.1) };
        var off = on with { Mechanisms = on.Mechanisms with { FreeRiding = false } };
        var unravel = await Run(on);
        var hold = await Run(off);
        Assert.True(unravel[^1].Willingness < hold[^1].Willingness);
        Assert.True(unravel[^1].Fragmentation > hold[^1].Fragmentation,
            $"fragmentation {unravel[^1].Fragmentation:F3} with free-riding, {hold[^1].Fragmentation:F3} without");
    }
}
