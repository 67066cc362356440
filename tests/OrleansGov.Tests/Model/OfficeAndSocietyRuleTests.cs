using OrleansGov.Model;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Model;

public class OfficeAndSocietyRuleTests
{
    private static Scenario NoTimeline => TestScenarios.Small() with { Timeline = [] };
    private static Policy Levers(double outsourcing = 0, double participation = 0) => new(0.8, 0.5, false, 0, 0, outsourcing, participation);

    [Fact]
    public void Office_breaks_in_up_to_its_rank_cap_and_an_upgrade_lifts_the_cap()
    {
        // beta's office: low rank, 6 break-in ticks, scheduled upgrade at tick 10.
        var office = new AgentHarness(NoTimeline, AgentId.Create(AgentKind.Office, 1, -1, -1, 0));
        office.Step(0, Levers());
        Assert.Equal(1.0 / 6, office.Agent.Describe()["effectiveness"], 12);
        for (int t = 1; t < 10; t++) office.Step(t, Levers());
        Assert.Equal(ConstantLookups.RankCap(ConstantValues.Defaults, OfficeRank.Low), office.Agent.Describe()["effectiveness"], 12);
        for (int t = 10; t < 20; t++) office.Step(t, Levers());
        Assert.Equal(1.0, office.Agent.Describe()["effectiveness"], 12);
    }

    [Fact]
    public void Without_overlapping_structures_the_office_is_effective_at_once()
    {
        var scenario = NoTimeline with { Mechanisms = NoTimeline.Mechanisms with { OverlappingStructures = false } };
        var office = new AgentHarness(scenario, AgentId.Create(AgentKind.Office, 1, -1, -1, 0));
        office.Step(0, Levers());
        Assert.Equal(1.0, office.Agent.Describe()["effectiveness"]);
    }

    [Fact]
    public void Platform_readiness_grows_with_budget_and_counts_whole_databases()
    {
        var id = AgentId.Create(AgentKind.Office, 0, -1, -1, 0);
        var funded = new AgentHarness(NoTimeline, id);
        var unfunded = new AgentHarness(NoTimeline, id);
        var province = funded.World.ProvinceGovernment(0);
        for (int t = 0; t < 100; t++)
        {
            funded.Step(t, Levers(), (province, new ResourceAllocation(1.0)));
            unfunded.Step(t, Levers());
        }
        var state = funded.Agent.Describe();
        Assert.True(state["databases_built"] > unfunded.Agent.Describe()["databases_built"]);
        double expectedReadiness = ConstantValues.Defaults[Constants.InitialReadiness] + (1 - ConstantValues.Defaults[Constants.InitialReadiness]) * state["databases_built"] / state["databases_planned"];
        Assert.Equal(expectedReadiness, ((OfficeAgent)funded.Agent).Readiness(funded.World.Scenario, platform: true), 12);
    }

    [Fact]
    public void Constructive_proposals_need_open_channels_mature_organisations_and_horizontal_reach()
    {
        var id = AgentId.Create(AgentKind.CitizenGroup, 0, 0, 0, 0);
        var dept = AgentId.Create(AgentKind.Department, 0, 0, 0, 0);
        var mature = NoTimeline with { Preconditions = new Preconditions(0.35, 1.0) };
        int Proposals(Scenario scenario, double participation, double horizontal)
        {
            var group = new AgentHarness(scenario, id);
            var policy = new Policy(0.8, horizontal, false, 0, 0, 0, participation);
            int count = 0;
            for (int t = 0; t < 60; t++)
            {
                count += group.Step(t, policy, (dept, new ServiceDelivery(t, 0.9))).Count(e => e.Body is Proposal);
            }
            return count;
        }
        Assert.Equal(0, Proposals(mature, participation: 0, horizontal: 1)); // no channels
        Assert.Equal(0, Proposals(mature, participation: 1, horizontal: 0)); // no horizontal reach into society
        var immature = NoTimeline with
        {
            Preconditions = new Preconditions(0.35, 0.0),
            Constants = NoTimeline.Constants.With(Constants.MaturitySpread, 0),
        };
        Assert.Equal(0, Proposals(immature, 1, 1)); // no social organisation
        Assert.True(Proposals(mature, 1, 1) > 15);                          // p ≈ proposal-rate (0.5) per delivery
        Assert.True(Proposals(mature, 1, 1) > Proposals(mature, 1, 0.3));
    }

    [Fact]
    public void Complaints_follow_poor_services_whatever_the_channels_and_are_counted_apart_from_proposals()
    {
        var id = AgentId.Create(AgentKind.CitizenGroup, 0, 0, 0, 0);
        var dept = AgentId.Create(AgentKind.Department, 0, 0, 0, 0);
        var group = new AgentHarness(NoTimeline, id);
        int complaints = 0;
        for (int t = 0; t < 40; t++)
        {
            var sent = group.Step(t, Levers(participation: 0), (dept, new ServiceDelivery(t, 0.0)));
            complaints += sent.Count(e => e.Body is Complaint c && c.Department == dept && e.To == id.Government);
            Assert.DoesNotContain(sent, e => e.Body is Proposal);
        }
        Assert.True(complaints > 10, $"{complaints} complaints"); // p = complaint-rate × gap / expectation = 0.5
        Assert.Equal(1, group.LastMetrics.ComplainingGroups);
        Assert.Equal(0, group.LastMetrics.ParticipatingGroups);

        var pleased = new AgentHarness(NoTimeline, id);
        for (int t = 0; t < 40; t++)
        {
            Assert.DoesNotContain(pleased.Step(t, Levers(), (dept, new ServiceDelivery(t, 0.9))), e => e.Body is Complaint);
        }
    }

    [Fact]
    public void Satisfaction_learns_toward_delivered_quality()
    {
        var group = new AgentHarness(NoTimeline, AgentId.Create(AgentKind.CitizenGroup, 0, 0, 0, 0));
        group.Step(0, Levers(), (AgentId.Create(AgentKind.Department, 0, 0, 0, 0), new ServiceDelivery(0, 0.9)));
        double expected = ConstantValues.Defaults[Constants.InitialSatisfaction] + ConstantValues.Defaults[Constants.SatisfactionLearning] * (0.9 - ConstantValues.Defaults[Constants.InitialSatisfaction]);
        Assert.Equal(expected, ((CitizenGroupAgent)group.Agent).Satisfaction, 12);
    }

    [Fact]
    public void Enterprise_bids_works_and_delivers()
    {
        var enterprise = new AgentHarness(NoTimeline, AgentId.Create(AgentKind.Enterprise, 0, -1, -1, 0));
        var dept = AgentId.Create(AgentKind.Department, 0, -1, -1, 1);
        var bid = Assert.Single(enterprise.Step(1, Levers(outsourcing: 1), (dept, new Tender(3))));
        Assert.Equal(3, Assert.IsType<Bid>(bid.Body).TenderId);
        enterprise.Step(3, Levers(outsourcing: 1), (dept, new Award(3, Until: 6)));
        Assert.Equal(1, enterprise.LastMetrics.EnterprisesEngaged);
        Assert.Empty(enterprise.Step(5, Levers(outsourcing: 1)));
        var delivery = Assert.Single(enterprise.Step(6, Levers(outsourcing: 1)));
        Assert.Equal(dept, delivery.To);
        Assert.IsType<Delivery>(delivery.Body);
        Assert.Equal(0, enterprise.LastMetrics.EnterprisesEngaged);
    }
}
