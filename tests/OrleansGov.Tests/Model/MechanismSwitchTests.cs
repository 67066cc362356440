using OrleansGov.Engine;
using OrleansGov.Model;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Model;

/// <summary>Each mechanism switch turns its rule off, and nothing else (the basis of the ablations).</summary>
public class MechanismSwitchTests
{
    private static readonly AgentId Dept = AgentId.Create(AgentKind.Department, 0, 0, 0, 1);
    private static readonly Policy Policy = new(0.8, 0.5, false, 0.5, 0, 0, 0);

    private static Scenario With(Func<Mechanisms, Mechanisms> change) => TestScenarios.Small() with
    {
        Timeline = [],
        Mechanisms = change(ScenarioDefaults.Mechanisms with { Negotiation = ScenarioDefaults.Mechanisms.Negotiation with { RequestRate = 0 } }),
    };

    [Fact]
    public void Without_directive_binding_a_directive_does_not_change_migration()
    {
        int Migrated(bool binding, double strength)
        {
            var harness = new AgentHarness(With(m => m with { DirectiveBinding = binding }), Dept);
            for (int t = 0; t < 60; t++)
            {
                harness.Step(t, Policy, t % 4 == 0 ? [(Dept.Government, new Directive(1.0, t + 13, 1.0, strength, 1.0))] : []);
            }
            return harness.As<DepartmentAgent>().Migrated;
        }
        Assert.Equal(Migrated(false, 0.0), Migrated(false, 0.9));
        Assert.True(Migrated(true, 0.9) > Migrated(true, 0.0));
    }

    [Fact]
    public void Without_sanctions_curbing_obstruction_willingness_stays()
    {
        var harness = new AgentHarness(With(m => m with { SanctionsCurbObstruction = false }), Dept);
        double before = harness.As<DepartmentAgent>().Willingness;
        harness.Step(0, Policy, (Dept.Government, new AccountabilitySanction(0.8)));
        Assert.Equal(before, harness.As<DepartmentAgent>().Willingness);
        Assert.True(harness.Agent.Describe()["pressure"] > 0); // the sanction still presses for migration
    }

    [Fact]
    public void Without_arbitration_a_refused_request_is_never_escalated()
    {
        foreach (bool arbitration in new[] { true, false })
        {
            var scenario = With(m => m with
            {
                Arbitration = arbitration,
                Negotiation = new NegotiationSettings(TimeoutTicks: 50, MaxRounds: 0, RequestRate: 1.0),
            });
            var harness = new AgentHarness(scenario, Dept);
            var vertical = new Policy(1.0, 0.0, false, 0, 0, 0, 0); // V = 1: a refused requester always escalates if it may
            int disputes = 0;
            for (int t = 0; t < 40; t++)
            {
                var sent = harness.Step(t, vertical);
                foreach (var request in sent.Where(e => e.Body is ShareRequest))
                {
                    var refused = harness.Step(++t, vertical, (request.To, new ShareReject(((ShareRequest)request.Body).RequestId, SharingChannel.WithinGovernment)));
                    disputes += refused.Count(e => e.Body is ShareDispute);
                }
            }
            if (arbitration) Assert.True(disputes > 0);
            else Assert.Equal(0, disputes);
        }
    }

    [Fact]
    public void Without_responsiveness_proposals_get_no_answer()
    {
        var county = AgentId.Create(AgentKind.Government, 0, 0, 0, 0);
        var group = AgentId.Create(AgentKind.CitizenGroup, 0, 0, 0, 0);
        var deaf = new AgentHarness(With(m => m with { Responsiveness = false }), county);
        Assert.DoesNotContain(deaf.Step(4, Policy, (group, new Proposal(Dept, 0.3))), e => e.Body is ServiceDirective);
        var listening = new AgentHarness(With(m => m), county);
        Assert.Contains(listening.Step(4, Policy, (group, new Proposal(Dept, 0.3))), e => e.Body is ServiceDirective);
    }

    [Theory]
    [InlineData("horizontal-coordination")]
    [InlineData("peer-learning")]
    [InlineData("directive-binding")]
    [InlineData("formalism")]
    [InlineData("crowding-out")]
    [InlineData("coordination-cost")]
    [InlineData("free-riding")]
    [InlineData("switching-cost")]
    [InlineData("rotation")]
    [InlineData("shocks")]
    public async Task Switching_a_mechanism_off_changes_a_whole_run(string mechanism)
    {
        // Collaborative, every lever on, a change of dials at tick 25 (a reorganisation), long enough for systems to move.
        var baseline = TestScenarios.Small(ticks: 120, mode: "collaborative") with { Constants = ConstantValues.Defaults.With(Constants.ShockRate, 0.05) };
        var parameter = OrleansGov.Client.Experiments.ScenarioParameters.Resolve("mechanisms." + mechanism, baseline);
        var ablated = parameter.Apply(baseline, parameter.Parse("false"));
        Assert.NotEqual(baseline.Mechanisms, ablated.Mechanisms);
        var engine = new ReferenceEngine();
        var on = (await engine.RunAsync("on", baseline, null, CancellationToken.None)).Metrics[^3];
        var off = (await engine.RunAsync("off", ablated, null, CancellationToken.None)).Metrics[^3];
        Assert.Equal(MetricsRows.NationScope, on.Scope);
        Assert.NotEqual(on, off);
    }
}
