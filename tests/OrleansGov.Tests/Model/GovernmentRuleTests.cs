using OrleansGov.Model;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Model;

public class GovernmentRuleTests
{
    /// <summary>No timeline, no rotation, no crises: the rules below on their own.</summary>
    private static Scenario NoTimeline => TestScenarios.Small() with
    {
        Timeline = [],
        Mechanisms = ScenarioDefaults.Mechanisms with { Rotation = false, Shocks = false },
    };
    private static Policy Dials(double v, double h, double accountability = 0) => new(v, h, false, accountability, 0, 0, 0);

    [Fact]
    public void Chief_sends_directives_binding_by_vertical_integration_authority_and_attention()
    {
        var city = AgentId.Create(AgentKind.Government, 0, 0, -1, 0);
        var harness = new AgentHarness(NoTimeline, city);
        var sent = harness.Step(0, Dials(0.8, 0.2));
        var directives = sent.Where(e => e.Body is Directive).ToList();
        int expected = harness.World.DepartmentKinds + harness.World.ChildGovernments(city).Count;
        Assert.Equal(expected, directives.Count);
        double attention = ((GovernmentAgent)harness.Agent).ChiefAttention;
        var toDepartment = (Directive)directives.First(e => e.To.Kind == AgentKind.Department).Body;
        Assert.Equal(0.8 * ConstantLookups.Authority(ConstantValues.Defaults, GovernmentLevel.City) * attention, toDepartment.Binding, 12);
        Assert.DoesNotContain(harness.Step(1, Dials(0.8, 0.2)), e => e.Body is Directive); // only every DirectivePeriod
    }

    [Fact]
    public void A_government_without_chief_relays_a_weakened_directive()
    {
        var scenario = NoTimeline with { Provinces = [ScenarioDefaults.Provinces["guangxi"] with { Cities = 1, Counties = 2 }] };
        var county = AgentId.Create(AgentKind.Government, 0, 0, 0, 0);
        var harness = new AgentHarness(scenario, county);
        var sent = harness.Step(4, Dials(0.8, 0.2), (county.Province >= 0 ? harness.World.Parent(county) : AgentId.Nation, new Directive(0.5, 17, 0.7, 0.5, 0.4)));
        var directive = (Directive)sent.First(e => e.Body is Directive).Body;
        Assert.Equal(0.5 * ConstantValues.Defaults[Constants.RelayFactor], directive.Binding, 12);
        Assert.Equal(0.4, directive.PlatformReadiness);
        Assert.Equal(0, harness.LastMetrics.Chiefs);
    }

    [Fact]
    public void Attention_shift_and_decay_follow_the_rules()
    {
        var province = AgentId.Create(AgentKind.Government, 0, -1, -1, 0);
        var harness = new AgentHarness(NoTimeline, province);
        harness.Step(1, Dials(0.8, 0.2), (AgentId.Environment, new InterventionNotice(InterventionKind.AttentionShift, 0.3)));
        var settings = NoTimeline.Mechanisms.Attention;
        var chief = (GovernmentAgent)harness.Agent;
        Assert.Equal(Attention.Decay(0.3, settings, chief.ChiefDecay), chief.ChiefAttention, 12);
        // Each chief decays at a rate of its own, drawn around mechanisms.attention.decay-per-tick.
        double spread = ConstantValues.Defaults[Constants.DecaySpread];
        Assert.InRange(chief.ChiefDecay, settings.DecayPerTick * (1 - spread), settings.DecayPerTick * (1 + spread));
    }

    [Fact]
    public void A_directive_pulls_a_chief_toward_the_leader_above_but_never_past_it()
    {
        var city = AgentId.Create(AgentKind.Government, 0, 0, -1, 0);
        var harness = new AgentHarness(NoTimeline, city);
        harness.Step(1, Dials(0.8, 0.2), (AgentId.Environment, new InterventionNotice(InterventionKind.AttentionShift, 0.2)));
        double before = ((GovernmentAgent)harness.Agent).ChiefAttention;
        harness.Step(2, Dials(0.8, 0.2), (harness.World.Parent(city), new Directive(0.5, 15, 0.9, 0.72, 0.5)));
        double after = ((GovernmentAgent)harness.Agent).ChiefAttention;
        var settings = NoTimeline.Mechanisms.Attention;
        double expected = Attention.Decay(Attention.Follow(before, 0.9, settings.DirectiveRefresh * 0.72 / 0.9), settings, ((GovernmentAgent)harness.Agent).ChiefDecay);
        Assert.Equal(expected, after, 12);
        Assert.True(after < 0.9);
    }

    [Fact]
    public void Accountability_sanctions_departments_behind_plan_or_refusing()
    {
        var county = AgentId.Create(AgentKind.Government, 0, 0, 0, 0);
        var harness = new AgentHarness(NoTimeline, county);
        var behind = AgentId.Create(AgentKind.Department, 0, 0, 0, 0);
        var refuser = AgentId.Create(AgentKind.Department, 0, 0, 0, 1);
        var fine = AgentId.Create(AgentKind.Department, 0, 0, 0, 2);
        harness.Step(11, Dials(0.8, 0.2, 0.5),
            (behind, new ProgressReport(5, 0, 0, Behind: true)),
            (refuser, new ProgressReport(5, 5, 2, Behind: false)),
            (fine, new ProgressReport(5, 5, 0, Behind: false)));
        var sanctions = harness.Step(ConstantValues.Defaults.Int(Constants.EvaluationPeriod) - 1, Dials(0.8, 0.2, 0.5)).Where(e => e.Body is AccountabilitySanction).ToList();
        Assert.Equal(new[] { behind, refuser }, sanctions.Select(e => e.To).OrderBy(i => i.Value));
        Assert.All(sanctions, s => Assert.Equal(0.5 * 0.8, ((AccountabilitySanction)s.Body).Severity, 12));

        var lax = new AgentHarness(NoTimeline, county);
        lax.Step(11, Dials(0.8, 0.2), (behind, new ProgressReport(5, 0, 0, Behind: true)));
        Assert.DoesNotContain(lax.Step(ConstantValues.Defaults.Int(Constants.EvaluationPeriod) - 1, Dials(0.8, 0.2)), e => e.Body is AccountabilitySanction);
    }

    [Fact]
    public void Accountability_reaches_the_chiefs_of_lower_governments_behind_plan()
    {
        var city = AgentId.Create(AgentKind.Government, 0, 0, -1, 0);
        var harness = new AgentHarness(NoTimeline, city);
        var children = harness.World.ChildGovernments(city);
        harness.Step(11, Dials(0.8, 0.2, 1.0),
            (children[0], new ProgressReport(40, 0, 0, Behind: true)),
            (children[1], new ProgressReport(40, 40, 0, Behind: false)));
        var sanctions = harness.Step(ConstantValues.Defaults.Int(Constants.EvaluationPeriod) - 1, Dials(0.8, 0.2, 1.0))
            .Where(e => e.Body is AccountabilitySanction && e.To.Kind == AgentKind.Government).ToList();
        Assert.Equal(children[0], Assert.Single(sanctions).To);
    }

    [Fact]
    public void Proposals_become_service_directives()
    {
        var county = AgentId.Create(AgentKind.Government, 0, 0, 0, 0);
        var harness = new AgentHarness(NoTimeline, county);
        var dept = AgentId.Create(AgentKind.Department, 0, 0, 0, 3);
        var group = AgentId.Create(AgentKind.CitizenGroup, 0, 0, 0, 0);
        var sent = harness.Step(4, Dials(0.5, 1.0), (group, new Proposal(dept, 0.3)), (group, new Proposal(dept, 0.2)));
        var order = Assert.Single(sent, e => e.Body is ServiceDirective);
        Assert.Equal(dept, order.To);
        Assert.Equal(2 * ConstantValues.Defaults[Constants.ProposalImprovement], ((ServiceDirective)order.Body).Improvement, 12);
    }
}
