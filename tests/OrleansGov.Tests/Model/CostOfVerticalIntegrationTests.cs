using OrleansGov.Engine;
using OrleansGov.Model;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Model;

/// <summary>
/// The costs of vertical integration (docs/MODEL.md §6.17–6.18): paper migration and the crowding out
/// of initiative. Each rule on its own, and each ablation moving the outcome it hurts the other way.
/// </summary>
public class CostOfVerticalIntegrationTests
{
    private static readonly AgentId Dept = AgentId.Create(AgentKind.Department, 0, 0, 0, 1);
    private static readonly Policy Push = new(0.85, 0.2, false, 0, 0, 0, 0);

    /// <summary>No sharing, no timeline, no rotation or crises; <paramref name="change"/> adjusts mechanisms and constants.</summary>
    internal static Scenario Quiet(Func<Mechanisms, Mechanisms>? mechanisms = null, Func<ConstantValues, ConstantValues>? constants = null)
    {
        var m = ScenarioDefaults.Mechanisms with
        {
            Negotiation = ScenarioDefaults.Mechanisms.Negotiation with { RequestRate = 0 },
            Rotation = false,
            Shocks = false,
        };
        return TestScenarios.Small() with
        {
            Timeline = [],
            Levers = ScenarioDefaults.Levers,
            Mechanisms = mechanisms?.Invoke(m) ?? m,
            Constants = constants?.Invoke(ConstantValues.Defaults) ?? ConstantValues.Defaults,
        };
    }

    private static Directive Binding(int tick, double binding, double target = 1.0, int horizon = 2, double readiness = 0.25) =>
        new(target, tick + horizon, 1.0, binding, readiness);

    /// <summary>Steps a department under a binding directive due every tick until it reports paper systems (or <paramref name="ticks"/> pass).</summary>
    private static (AgentHarness Harness, int Tick) PushUntilPaper(Scenario scenario, int ticks = 40, int paper = 1)
    {
        var harness = new AgentHarness(scenario, Dept);
        int t = 0;
        for (; t < ticks && harness.As<DepartmentAgent>().PaperSystems < paper; t++)
        {
            harness.Step(t, Push, (Dept.Government, Binding(t, 1.0)));
        }
        return (harness, t);
    }

    [Fact]
    public void Behind_a_binding_directive_at_its_deadline_a_department_reports_paper_systems_that_count_for_compliance_but_not_for_adoption()
    {
        var scenario = Quiet(constants: k => k.With(Constants.FormalismPropensity, 1));
        var (harness, tick) = PushUntilPaper(scenario, ticks: 200, paper: int.MaxValue);
        var dept = harness.As<DepartmentAgent>();
        Assert.True(dept.PaperSystems > 1, "paper systems accumulate, one per deadline at most");
        Assert.True(dept.Adoption < 1.0);
        Assert.Equal(1.0, dept.ReportedAdoption, 12); // stretched until the target of 1 was met
        Assert.Equal(dept.Systems, dept.Migrated + dept.PaperSystems);
        Assert.True(harness.LastMetrics.DirectivesMet >= 1);
        tick = 200;
        Assert.Equal(dept.PaperSystems, harness.LastMetrics.PaperSystems);
        Assert.Equal(dept.Migrated, harness.LastMetrics.SystemsMigrated);

        // Reports carry the reported figure, not the real one.
        int period = ConstantValues.Defaults.Int(Constants.DirectivePeriod);
        int reportTick = tick + (period - 1 - tick % period + period) % period;
        for (int t = tick; t < reportTick; t++) harness.Step(t, Push);
        var report = (ProgressReport)Assert.Single(harness.Step(reportTick, Push), e => e.Body is ProgressReport).Body;
        Assert.Equal(dept.Migrated + dept.PaperSystems, report.Migrated);
        Assert.False(report.Behind);
    }

    [Fact]
    public void Without_formalism_a_department_behind_target_never_reports_paper_systems()
    {
        var (harness, _) = PushUntilPaper(Quiet(m => m with { Formalism = false }, k => k.With(Constants.FormalismPropensity, 1)));
        Assert.Equal(0, harness.As<DepartmentAgent>().PaperSystems);
        Assert.Equal(0, harness.LastMetrics.DirectivesMet);
    }

    [Fact]
    public void An_inspection_finds_paper_systems_with_its_detection_chance_reverts_them_and_presses_the_department()
    {
        var scenario = Quiet(constants: k => k.With(Constants.FormalismPropensity, 1));
        var (blind, tick) = PushUntilPaper(scenario);
        for (int t = tick; t < tick + 3; t++) blind.Step(t, Push); // let the pending directives fall due first
        int paper = blind.As<DepartmentAgent>().PaperSystems;
        blind.Step(tick + 3, Push, (AgentId.Create(AgentKind.Office, 0, -1, -1, 0), new Inspection(0.1, Detection: 0)));
        Assert.Equal(paper, blind.As<DepartmentAgent>().PaperSystems);

        var (seen, t2) = PushUntilPaper(scenario);
        // Let the pending directives fall due first (met on paper), so none tempts it again after the inspection.
        for (int t = t2; t < t2 + 3; t++) seen.Step(t, Push);
        seen.Step(t2 + 3, Push, (AgentId.Create(AgentKind.Office, 0, -1, -1, 0), new Inspection(0.1, Detection: 1)));
        var state = seen.Agent.Describe();
        Assert.Equal(0, state["paper_systems"]);
        Assert.Equal(1, state["caught"]);
        // Caught pressure, decayed once at the end of the tick.
        var k = ConstantValues.Defaults;
        Assert.Equal(k[Constants.CaughtPressure] * (1 - k[Constants.PressureDecay]), state["pressure"], 12);
    }

    [Fact]
    public void A_real_migration_makes_a_paper_system_real_before_the_department_reports_more()
    {
        var scenario = Quiet(constants: k => k.With(Constants.FormalismPropensity, 1));
        var (harness, tick) = PushUntilPaper(scenario);
        var dept = harness.As<DepartmentAgent>();
        double reported = dept.ReportedAdoption;
        int migrated = dept.Migrated, paper = dept.PaperSystems;
        // Keep working (high pressure, full readiness) until a system really moves.
        for (int t = tick; t < tick + 400 && dept.Migrated == migrated; t++)
        {
            harness.Step(t, Push, (Dept.Government, new Inspection(1.0, 0)), (Dept.Government, new Directive(0, 100_000, 1, 0, 1.0)));
        }
        Assert.Equal(migrated + 1, dept.Migrated);
        Assert.Equal(paper - 1, dept.PaperSystems);
        Assert.Equal(reported, dept.ReportedAdoption, 12);
    }

    [Fact]
    public async Task Paper_migration_slows_real_migration_and_switched_off_real_adoption_is_higher()
    {
        // The authority mode's strong push; formalism hurts real adoption (and services), flatters compliance.
        var on = ScenarioLoader.Load("authority") with { Ticks = 104 };
        var off = on with { Mechanisms = on.Mechanisms with { Formalism = false } };
        var withPaper = await Run(on);
        var without = await Run(off);
        Assert.True(withPaper.Max(r => r.PaperShare) > 0.05);
        Assert.All(without, r => Assert.True(r.PaperShare is 0 or double.NaN));
        Assert.True(withPaper.Average(r => r.CloudAdoption) < without.Average(r => r.CloudAdoption),
            $"mean adoption {withPaper.Average(r => r.CloudAdoption):F4} with paper migration, {without.Average(r => r.CloudAdoption):F4} without");
        Assert.True(withPaper[^1].ReportedAdoption > withPaper[^1].CloudAdoption);
    }

    [Fact]
    public void Sustained_pressure_erodes_initiative_which_recovers_slowly_without_it()
    {
        var harness = new AgentHarness(Quiet(), Dept);
        var dept = harness.As<DepartmentAgent>();
        double start = dept.Initiative;
        Assert.InRange(start, 0, 2 * ConstantValues.Defaults[Constants.InitiativeMean]);
        for (int t = 0; t < 60; t++) harness.Step(t, Push, (Dept.Government, Binding(t, 1.0, horizon: 1)));
        double pushed = dept.Initiative;
        Assert.True(pushed < 0.5 * start, $"initiative {start:F3} → {pushed:F3} after 60 ticks of full pressure");
        for (int t = 60; t < 400; t++) harness.Step(t, Push);
        Assert.True(dept.Initiative > pushed);
        Assert.True(dept.Initiative < start);

        var off = new AgentHarness(Quiet(m => m with { CrowdingOut = false }), Dept);
        for (int t = 0; t < 60; t++) off.Step(t, Push, (Dept.Government, Binding(t, 1.0, horizon: 1000)));
        Assert.Equal(start, off.As<DepartmentAgent>().Initiative);
    }

    [Fact]
    public void Once_the_push_stops_a_department_pushed_hard_does_less_than_one_never_pushed_and_without_crowding_out_it_does_not()
    {
        int After(bool crowdingOut, bool pushed)
        {
            // Many systems, so neither runs out of work; push for 150 ticks, then none for 150.
            var scenario = Quiet(m => m with { CrowdingOut = crowdingOut, Formalism = false },
                k => k.With(Constants.MaxSystems, 400).With(Constants.MinSystems, 400));
            var harness = new AgentHarness(scenario, Dept);
            for (int t = 0; t < 150; t++)
            {
                harness.Step(t, Push, pushed ? [(Dept.Government, Binding(t, 1.0, horizon: 1, readiness: 1.0))] : [(Dept.Government, Binding(t, 0.0, horizon: 1, readiness: 1.0))]);
            }
            int before = harness.As<DepartmentAgent>().Migrated;
            for (int t = 150; t < 300; t++) harness.Step(t, Push);
            return harness.As<DepartmentAgent>().Migrated - before;
        }
        Assert.True(After(crowdingOut: true, pushed: true) < After(crowdingOut: true, pushed: false));
        Assert.InRange(After(crowdingOut: false, pushed: true) - After(crowdingOut: false, pushed: false), -1, 1);
    }

    [Fact]
    public async Task Crowding_out_lowers_initiative_and_adoption_of_a_pushed_province_and_switched_off_both_are_higher()
    {
        var on = ScenarioLoader.Load("authority") with { Ticks = 156 };
        var off = on with { Mechanisms = on.Mechanisms with { CrowdingOut = false } };
        var crowded = await Run(on);
        var spared = await Run(off);
        Assert.True(crowded[^1].Initiative < spared[^1].Initiative);
        Assert.True(crowded[^1].CloudAdoption < spared[^1].CloudAdoption);
    }

    /// <summary>The nation's rows of a reference run.</summary>
    internal static async Task<OrleansGov.Metrics.ScopeMetrics[]> Run(Scenario scenario)
    {
        var outcome = await new ReferenceEngine().RunAsync("t", scenario, null, CancellationToken.None);
        return [.. outcome.Metrics.Where(r => r.Scope == MetricsRows.NationScope)];
    }
}
