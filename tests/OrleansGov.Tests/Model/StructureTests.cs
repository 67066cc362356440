using OrleansGov.Model;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Support;
using static OrleansGov.Tests.Model.CostOfVerticalIntegrationTests;

namespace OrleansGov.Tests.Model;

/// <summary>
/// The Cloud Chief system as a structure a province may lack or set up late (docs/MODEL.md §5.4),
/// per-province governance, and the cost of changing it (§6.20). Rules read the structure flags of the
/// policy, never a mode's name.
/// </summary>
public class StructureTests
{
    private static readonly AgentId Province = AgentId.Create(AgentKind.Government, 0, -1, -1, 0);
    private static readonly AgentId City = AgentId.Create(AgentKind.Government, 0, 0, -1, 0);
    private static readonly AgentId Office = AgentId.Create(AgentKind.Office, 0, -1, -1, 0);
    private static readonly AgentId Dept = AgentId.Create(AgentKind.Department, 0, 0, 0, 1);

    private static Scenario WithSystem(CloudChiefSystem system, Func<Mechanisms, Mechanisms>? m = null) => Quiet(m) with { System = system };

    [Fact]
    public void Without_the_system_leaders_attention_stays_at_the_baseline_whatever_pushes_it()
    {
        var scenario = WithSystem(CloudChiefSystem.None);
        var harness = new AgentHarness(scenario, City);
        var baseline = scenario.Mechanisms.Attention.Baseline;
        for (int t = 0; t < 30; t++)
        {
            var sent = harness.Step(t, (Province, new Directive(1, t + 13, 0.9, 0.9, -1)), (Province, new AccountabilitySanction(1.0)),
                (AgentId.Environment, new InterventionNotice(InterventionKind.AttentionShift, 0.9)));
            if (t % 4 == 0)
            {
                // Routine directives still go down, binding V × authority × baseline.
                var directive = (Directive)sent.First(e => e.To.Kind == AgentKind.Department).Body;
                double v = scenario.Dials.Vertical;
                Assert.Equal(v * ConstantLookups.Authority(scenario.Constants, GovernmentLevel.City) * baseline, directive.Binding, 12);
            }
        }
        var government = harness.As<GovernmentAgent>();
        Assert.False(government.Appointed);
        Assert.Equal(baseline, government.ChiefAttention);
        // Its leader is counted at the baseline.
        Assert.Equal((1, MetricsOf(baseline)), (harness.LastMetrics.Chiefs, harness.LastMetrics.AttentionFixed));
    }

    private static long MetricsOf(double attention) => OrleansGov.Metrics.MetricsAccumulator.ToFixed(attention);

    [Fact]
    public void Chiefs_take_office_when_the_system_starts_and_the_office_breaks_in_from_then()
    {
        var scenario = WithSystem(CloudChiefSystem.Full with { StartTick = 10 });
        var government = new AgentHarness(scenario, Province);
        var office = new AgentHarness(scenario, Office);
        for (int t = 0; t < 10; t++)
        {
            government.Step(t);
            office.Step(t);
            Assert.False(government.As<GovernmentAgent>().Appointed);
            Assert.Equal(0, office.Agent.Describe()["effectiveness"]);
            Assert.Equal(0, office.Agent.Describe()["platform_built"]);
        }
        government.Step(10);
        office.Step(10, (Province, new ResourceAllocation(1)));
        Assert.True(government.As<GovernmentAgent>().Appointed);
        double spread = ConstantValues.Defaults[Constants.InitialSpread], initial = scenario.Mechanisms.Attention.Initial;
        Assert.InRange(government.As<GovernmentAgent>().ChiefAttention, initial - spread - 0.05, initial + spread);
        Assert.True(office.Agent.Describe()["effectiveness"] > 0);
        Assert.True(office.Agent.Describe()["platform_built"] > 0);
    }

    [Fact]
    public void Without_an_office_nobody_inspects_arbitrates_or_builds_a_platform()
    {
        var requester = AgentId.Create(AgentKind.Department, 0, 0, 0, 2);
        var none = new AgentHarness(WithSystem(CloudChiefSystem.None), Office);
        var full = new AgentHarness(WithSystem(CloudChiefSystem.Full with { }, m => m with { OverlappingStructures = false }), Office);
        var dispute = (requester, (AgentMessage)new ShareDispute(1, Dept, SharingChannel.WithinGovernment));
        int evaluation = ConstantValues.Defaults.Int(Constants.EvaluationPeriod);
        List<Envelope> fromNone = [], fromFull = [];
        for (int t = 0; t < evaluation; t++)
        {
            fromNone.AddRange(none.Step(t, new Policy(1, 0.2, false, 0, 0, 0, 0, [new ProvinceGovernance(1, 0.2, false, false, false), new ProvinceGovernance(1, 0.2, false, false, false)]), dispute));
            fromFull.AddRange(full.Step(t, new Policy(1, 0.2, false, 0, 0, 0, 0), dispute));
        }
        Assert.Empty(fromNone);
        Assert.Equal(0, none.Agent.Describe()["active"]);
        Assert.Contains(fromFull, e => e.Body is Inspection);
        Assert.Contains(fromFull, e => e.Body is ArbitrationRuling);
        Assert.Contains(fromFull, e => e.Body is PlatformStatus);
    }

    [Fact]
    public void A_department_escalates_a_refusal_only_where_an_office_is_at_work()
    {
        int Disputes(bool office)
        {
            var scenario = Quiet() with
            {
                Mechanisms = Quiet().Mechanisms with { Negotiation = new NegotiationSettings(TimeoutTicks: 50, MaxRounds: 0, RequestRate: 1.0) },
            };
            var governance = new ProvinceGovernance(1.0, 1.0, false, office, false);
            var policy = new Policy(1.0, 1.0, false, 0, 0, 0, 0, [governance, governance]);
            var harness = new AgentHarness(scenario, Dept);
            int disputes = 0;
            for (int t = 0; t < 60; t++)
            {
                foreach (var request in harness.Step(t, policy).Where(e => e.Body is ShareRequest r && r.Channel != SharingChannel.CrossProvince))
                {
                    var r = (ShareRequest)request.Body;
                    disputes += harness.Step(++t, policy, (request.To, new ShareReject(r.RequestId, r.Channel))).Count(e => e.Body is ShareDispute);
                }
            }
            return disputes;
        }
        Assert.True(Disputes(office: true) > 0);
        Assert.Equal(0, Disputes(office: false));
    }

    [Fact]
    public void Each_province_has_its_own_dials_and_structure_and_events_can_target_one_province()
    {
        var scenario = TestScenarios.Rich();
        var schedule = new PolicySchedule(scenario);
        var start = schedule.At(0);
        Assert.Equal((0.85, 0.2), (start.Vertical, start.Horizontal));
        Assert.Equal(new ProvinceGovernance(0.2, 0.2, false, false, false), start.Of(2));    // gamma: loose, no system
        Assert.Equal(new ProvinceGovernance(0.85, 0.2, false, false, false), start.Of(3));   // delta: system from tick 8
        Assert.Equal(new ProvinceGovernance(0.85, 0.2, true, true, true), schedule.At(8).Of(3));
        Assert.Equal(new ProvinceGovernance(0.85, 0.2, true, true, false), start.Of(5));     // zeta: no platform

        var afterSwitch = schedule.At(20);
        var alpha = afterSwitch.Of(0);
        Assert.Equal((0.85, 0.85, true, true, true, 20), (alpha.Vertical, alpha.Horizontal, alpha.Chiefs, alpha.Office, alpha.Platform, alpha.SwitchTick));
        Assert.Equal(0.65, alpha.SwitchDistance, 12);
        var beta = afterSwitch.Of(1);
        Assert.Equal((0.2, 0.85, false, false, false, 20), (beta.Vertical, beta.Horizontal, beta.Chiefs, beta.Office, beta.Platform, beta.SwitchTick));
        Assert.Equal(1.3, beta.SwitchDistance, 12);
        Assert.Equal((0.85, 0.2), (afterSwitch.Vertical, afterSwitch.Horizontal)); // province events leave the nation's dials
        var gamma = schedule.At(40).Of(2);
        Assert.Equal((0.5, 0.2, false, 30), (gamma.Vertical, gamma.Horizontal, gamma.Chiefs, gamma.SwitchTick));
        Assert.Equal(0.3, gamma.SwitchDistance, 12);
        Assert.Equal(start.Of(4), schedule.At(40).Of(4));
    }

    [Fact]
    public void A_reorganisation_loses_links_trust_and_effort_in_proportion_to_how_far_the_dials_move()
    {
        var scenario = Quiet(m => m with { Formalism = false }, k => k.With(Constants.SwitchLinkLoss, 1.0).With(Constants.MinSystems, 300).With(Constants.MaxSystems, 300).With(Constants.MigrationRate, 1.0));
        (int Links, double Willingness, int Migrated, double Until) After(double distance, bool cost)
        {
            var s = cost ? scenario : scenario with { Mechanisms = scenario.Mechanisms with { SwitchingCost = false } };
            var harness = new AgentHarness(s, Dept);
            harness.Step(0, Policy(0), (AgentId.Create(AgentKind.Department, 0, 0, 0, 2), new ShareAccept(1, SharingChannel.WithinGovernment, true, 0)));
            // 40 ticks: the link (52) has not lapsed on its own.
            for (int t = 1; t < 40; t++) harness.Step(t, Policy(distance, t == 1 && distance > 0 ? 1 : -1), (Dept.Government, new Directive(1, t + 1, 1, 0.8, 1.0)));
            var d = harness.As<DepartmentAgent>();
            return (d.ActiveLinks, d.Willingness, d.Migrated, harness.Agent.Describe()["disrupted_until"]);
        }
        static Policy Policy(double distance, int switchTick = -1)
        {
            var g = new ProvinceGovernance(0.85, 0.85, true, true, true, switchTick, distance);
            return new Policy(0.85, 0.85, false, 0, 0, 0, 0, [g, g]);
        }
        var none = After(0, true);
        var near = After(0.65, true);
        var far = After(1.3, true);
        var free = After(1.3, false);
        Assert.Equal(1, none.Links);
        Assert.Equal(0, far.Links);                 // link-loss 1 × d/2 ≥ 0.65: here every link went
        Assert.Equal(1, free.Links);
        Assert.True(far.Willingness < near.Willingness && near.Willingness < none.Willingness);
        Assert.Equal(1 + Math.Round(ConstantValues.Defaults[Constants.DisruptionTicks] * 1.3), far.Until);
        Assert.True(far.Migrated < near.Migrated && near.Migrated < none.Migrated, $"{far.Migrated} < {near.Migrated} < {none.Migrated}");
        Assert.Equal(none.Migrated, free.Migrated);
    }

    [Fact]
    public async Task Both_moves_from_authority_cost_adoption_and_the_move_to_cooperative_ends_lower()
    {
        // The same province moves at tick 40 to one mode or the other; the cost is what switching costs remove.
        Scenario Switch(string mode, bool cost)
        {
            var s = TestScenarios.Small(ticks: 100, mode: "authority") with { Levers = ScenarioDefaults.Levers };
            var dials = ScenarioDefaults.Modes[mode];
            return s with
            {
                Timeline = [new Intervention(40, InterventionKind.SetMode, Province: "alpha", Vertical: dials.Vertical, Horizontal: dials.Horizontal, Mode: mode, System: ScenarioDefaults.ModeSystems[mode])],
                Mechanisms = s.Mechanisms with { SwitchingCost = cost, Rotation = false, Shocks = false },
            };
        }
        async Task<double> Alpha(Scenario s) =>
            (await new OrleansGov.Engine.ReferenceEngine().RunAsync("s", s, null, CancellationToken.None)).Metrics.Where(r => r.Scope == "alpha").Average(r => r.CloudAdoption);
        double collaborative = await Alpha(Switch("collaborative", true)), cooperative = await Alpha(Switch("cooperative", true));
        double toCollaborative = await Alpha(Switch("collaborative", false)) - collaborative;
        double toCooperative = await Alpha(Switch("cooperative", false)) - cooperative;
        Assert.True(toCollaborative > 0, $"cost of moving to collaborative {toCollaborative:F4}");
        Assert.True(toCooperative > 0, $"cost of moving to cooperative {toCooperative:F4}");
        // What the move to cooperative gives up (V, chiefs, office, platform) weighs more than the reorganisation.
        Assert.True(cooperative < collaborative, $"mean adoption after moving to cooperative {cooperative:F4}, to collaborative {collaborative:F4}");
    }
}
