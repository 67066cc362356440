using OrleansGov.Model;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Support;
using static OrleansGov.Tests.Model.CostOfVerticalIntegrationTests;

namespace OrleansGov.Tests.Model;

/// <summary>
/// Services that need data (docs/MODEL.md §6.13, §6.16): each department's service needs data held by
/// other departments; it gets them only through a path it learns of by messages, and citizens get
/// what is delivered — so the levers cannot raise the quality of a service whose data is missing.
/// </summary>
public class ServiceTests
{
    private static readonly AgentId Dept = AgentId.Create(AgentKind.Department, 0, 0, 0, 1);
    private static readonly Policy Dials = new(0.85, 0.85, false, 0, 0, 0.6, 0.6);

    private static Scenario Fast(Func<ConstantValues, ConstantValues>? more = null, Func<Mechanisms, Mechanisms>? m = null) =>
        Quiet(x => (m?.Invoke(x) ?? x) with { Formalism = false },
            k => (more?.Invoke(k) ?? k).With(Constants.MigrationRate, 1.0).With(Constants.MinSystems, 4).With(Constants.MaxSystems, 4));

    /// <summary>Pushes the department until all its systems are on the cloud; then <paramref name="extra"/> more ticks with <paramref name="inbox"/>.</summary>
    private static AgentHarness Migrated(Scenario scenario, int extra = 0, Policy? policy = null, params (AgentId, AgentMessage)[] inbox)
    {
        var harness = new AgentHarness(scenario, Dept);
        int t = 0;
        for (; t < 200 && harness.As<DepartmentAgent>().Adoption < 1; t++)
        {
            harness.Step(t, policy ?? Dials, (Dept.Government, new Directive(0, t + 1, 1, 1.0, 1.0)));
        }
        for (int i = 0; i < extra; i++, t++) harness.Step(t, policy ?? Dials, i == 0 ? inbox : []);
        return harness;
    }

    [Fact]
    public void Data_needs_are_drawn_once_with_the_channel_mix_and_the_same_for_the_same_seed()
    {
        IReadOnlyList<AgentId> Needs(Func<ConstantValues, ConstantValues> k) => new AgentHarness(Quiet(constants: k), Dept).As<DepartmentAgent>().DataNeeds;
        var defaults = Needs(k => k);
        Assert.Equal(ConstantValues.Defaults.Int(Constants.ServiceSources), defaults.Count);
        Assert.Equal(defaults, Needs(k => k));
        Assert.All(defaults, n => Assert.NotEqual(Dept, n));
        Assert.All(Needs(k => k.With(Constants.SourceWithinShare, 1).With(Constants.SourceRegionShare, 0)), n => Assert.Equal(Dept.Government, n.Government));
        Assert.All(Needs(k => k.With(Constants.SourceWithinShare, 0).With(Constants.SourceRegionShare, 1)),
            n => Assert.True(n.Province == Dept.Province && n.Government != Dept.Government));
        Assert.All(Needs(k => k.With(Constants.SourceWithinShare, 0).With(Constants.SourceRegionShare, 0)), n => Assert.NotEqual(Dept.Province, n.Province));
        Assert.Equal(5, Needs(k => k.With(Constants.ServiceSources, 5)).Count);
    }

    [Fact]
    public void A_department_asks_only_for_the_data_its_service_needs_and_stops_once_every_need_has_a_path()
    {
        var scenario = Quiet() with
        {
            Mechanisms = Quiet().Mechanisms with { Negotiation = new NegotiationSettings(TimeoutTicks: 50, MaxRounds: 0, RequestRate: 1.0) },
        };
        var harness = new AgentHarness(scenario, Dept);
        var needs = harness.As<DepartmentAgent>().DataNeeds;
        var asked = new List<AgentId>();
        var policy = new Policy(0.85, 1.0, true, 0, 0, 0, 0);
        var offers = new List<(AgentId, AgentMessage)>();
        for (int t = 0; t < 40; t++) // links last 52 ticks: none lapses in this window
        {
            var sent = harness.Step(t, policy, [.. offers]);
            offers.Clear();
            foreach (var e in sent)
            {
                if (e.Body is not ShareRequest r) continue;
                asked.Add(e.To);
                // Every provider offers: the link (receiving) is made on the next tick.
                offers.Add((e.To, new ShareOffer(r.RequestId, r.Channel, Counter: false, Adoption: 0.5)));
            }
        }
        Assert.NotEmpty(asked);
        Assert.All(asked, a => Assert.Contains(a, needs));
        Assert.Equal(needs.Distinct().Count(), asked.Distinct().Count());
        Assert.Equal(0, harness.LastMetrics.NeedsUnmet);
        Assert.Equal(needs.Count, harness.LastMetrics.NeedsTotal);
    }

    [Fact]
    public void Quality_is_own_systems_times_the_data_available_and_without_data_the_levers_cannot_raise_it()
    {
        var k = ConstantValues.Defaults;
        // No path to any source: only the own-data share of the service works.
        var alone = Migrated(Fast(), extra: 1);
        Assert.Equal(1.0, alone.As<DepartmentAgent>().Adoption);
        Assert.Equal(k[Constants.OwnData], alone.As<DepartmentAgent>().Quality, 12);

        // With no own-data share and no data, a service delivers nothing — whatever the contracts and improvements.
        var noData = Fast(c => c.With(Constants.OwnData, 0));
        var firm = AgentId.Create(AgentKind.Enterprise, 0, -1, -1, 0);
        var improved = Migrated(noData, extra: 3, Dials, (Dept.Government, new ServiceDirective(1.0)), (firm, new Delivery(1, 1.0)));
        Assert.Equal(0, improved.As<DepartmentAgent>().Quality);
        Assert.Equal(0, improved.LastMetrics.QualityFixed);

        // The same levers do raise a service that has its data: here via the province's platform.
        var withinProvince = Fast(c => c.With(Constants.OwnData, 0).With(Constants.SourceWithinShare, 1));
        var withData = Migrated(withinProvince, extra: 3, Dials, (Dept.Government, new ServiceDirective(1.0)),
            (Dept.Government, new Directive(0, 10_000, 1, 0, 1.0, DataAvailability: 0.5)));
        double service = 0.5;
        double expected = service * (1 + k[Constants.ImprovementGain] * Math.Pow(k[Constants.ImprovementRetention], 3));
        Assert.Equal(expected, withData.As<DepartmentAgent>().Quality, 9);
    }

    [Fact]
    public void Data_comes_by_a_link_at_the_readiness_the_provider_reported_and_feeds_keep_it_current()
    {
        var scenario = Fast(c => c.With(Constants.OwnData, 0).With(Constants.ServiceSources, 1).With(Constants.SourceWithinShare, 1));
        var harness = Migrated(scenario);
        var source = harness.As<DepartmentAgent>().DataNeeds[0];
        int t = 100;
        harness.Step(t++, Dials, (source, new ShareAccept(7, SharingChannel.WithinGovernment, Reciprocal: true, Adoption: 0.4)));
        Assert.Equal(0.4, harness.As<DepartmentAgent>().Quality, 12);
        harness.Step(t++, Dials, (source, new DataFeed(0.9)));
        Assert.Equal(0.9, harness.As<DepartmentAgent>().Quality, 12);
        // A feed from someone it has no receiving link with changes nothing.
        var stranger = AgentId.Create(AgentKind.Department, 0, 0, 1, 2);
        harness.Step(t++, Dials, (stranger, new DataFeed(0.0)));
        Assert.Equal(0.9, harness.As<DepartmentAgent>().Quality, 12);
    }

    [Fact]
    public void A_provider_sends_its_data_readiness_to_the_partners_it_provides_to_once_a_quarter()
    {
        var harness = Migrated(Fast());
        var partner = AgentId.Create(AgentKind.Department, 0, 0, 0, 0);
        var other = AgentId.Create(AgentKind.Department, 0, 0, 0, 2);
        harness.Step(100, Dials, (partner, new ShareAccept(1, SharingChannel.WithinGovernment, Reciprocal: false, Adoption: 0)));
        int evaluation = ConstantValues.Defaults.Int(Constants.EvaluationPeriod);
        var feeds = new List<Envelope>();
        for (int t = 101; t <= 100 + evaluation; t++) feeds.AddRange(harness.Step(t, Dials).Where(e => e.Body is DataFeed));
        var feed = Assert.Single(feeds);
        Assert.Equal(partner, feed.To);
        Assert.Equal(1.0, ((DataFeed)feed.Body).Adoption);
        Assert.DoesNotContain(feeds, e => e.To == other);
    }

    [Fact]
    public void Across_provinces_the_platforms_serve_only_through_a_national_exchange()
    {
        var scenario = Fast(c => c.With(Constants.OwnData, 0).With(Constants.ServiceSources, 2).With(Constants.SourceWithinShare, 0).With(Constants.SourceRegionShare, 0));
        var relay = (Dept.Government, (AgentMessage)new Directive(0, 10_000, 1, 0, 1.0, DataAvailability: 0.8, NationalAvailability: 0.6));
        double Quality(bool nationalChief, bool otherPlatform)
        {
            var g = new ProvinceGovernance(0.85, 0.85, true, true, true);
            var policy = new Policy(0.85, 0.85, nationalChief, 0, 0, 0, 0, [g, g with { Platform = otherPlatform, Office = otherPlatform }]);
            return Migrated(scenario, extra: 2, policy, relay).As<DepartmentAgent>().Quality;
        }
        Assert.Equal(0.6, Quality(nationalChief: true, otherPlatform: true), 12);
        Assert.Equal(0, Quality(nationalChief: false, otherPlatform: true));
        Assert.Equal(0, Quality(nationalChief: true, otherPlatform: false));
    }

    [Fact]
    public async Task C8_can_fail_where_services_have_no_data_outsourcing_and_participation_leave_quality_at_zero()
    {
        // No platform, no data sharing, no own-data share: services deliver nothing, levers or not.
        var push = ScenarioLoader.Load("authority") with
        {
            Ticks = 104,
            System = new CloudChiefSystem(true, true, false),
            Preconditions = new Preconditions(0.35, 0.6),
            Constants = ConstantValues.Defaults.With(Constants.OwnData, 0),
            Mechanisms = ScenarioDefaults.Mechanisms with { Negotiation = ScenarioDefaults.Mechanisms.Negotiation with { RequestRate = 0 } },
        };
        var levers = push with { Levers = push.Levers with { Outsourcing = 0.6, Participation = 0.6 } };
        var pushOnly = await Run(push);
        var withLevers = await Run(levers);
        Assert.True(withLevers[^1].EnterpriseEngagement > 0);
        Assert.True(pushOnly[^1].CloudAdoption > 0.5);
        Assert.All(pushOnly, r => Assert.Equal(0, r.ServiceQuality));
        Assert.All(withLevers, r => Assert.Equal(0, r.ServiceQuality));
    }
}
