using OrleansGov.Model;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Model;

public class DepartmentRuleTests
{
    private static readonly AgentId Dept = AgentId.Create(AgentKind.Department, 0, 0, 0, 1);
    private static readonly AgentId Peer = AgentId.Create(AgentKind.Department, 0, 0, 0, 2);
    private static readonly AgentId Government = Dept.Government;

    private static Scenario Quiet(double willingness = 0.35) => TestScenarios.Small() with
    {
        Timeline = [],
        Levers = ScenarioDefaults.Levers,
        Preconditions = new Preconditions(willingness, 0.3),
        Mechanisms = ScenarioDefaults.Mechanisms with { Negotiation = ScenarioDefaults.Mechanisms.Negotiation with { RequestRate = 0 } },
    };

    private static Policy Dials(double v, double h) => new(v, h, false, 0, 0, 0, 0);

    private static int MigratedAfter(double binding, int ticks)
    {
        var harness = new AgentHarness(Quiet(), Dept);
        for (int t = 0; t < ticks; t++)
        {
            var inbox = t % 4 == 0 ? new[] { (Government, (AgentMessage)new Directive(1.0, t + 13, 1.0, binding, 1.0)) } : [];
            harness.Step(t, Dials(0.5, 0.5), inbox);
        }
        return harness.As<DepartmentAgent>().Migrated;
    }

    [Fact]
    public void Binding_directives_speed_up_migration()
    {
        Assert.True(MigratedAfter(0.9, 60) > MigratedAfter(0.0, 60));
    }

    [Fact]
    public void Directives_are_counted_at_their_deadline()
    {
        var harness = new AgentHarness(Quiet(), Dept);
        harness.Step(0, (Government, new Directive(1.0, 3, 1.0, 0.0, 0.25)));
        harness.Step(1);
        harness.Step(2);
        Assert.Equal(0, harness.LastMetrics.DirectivesDue);
        harness.Step(3);
        Assert.Equal(1, harness.LastMetrics.DirectivesDue);
        Assert.Equal(0, harness.LastMetrics.DirectivesMet); // nothing migrated with no effort in 3 ticks
    }

    [Fact]
    public void A_willing_department_offers_data_and_an_unwilling_one_refuses()
    {
        var willing = new AgentHarness(Quiet(willingness: 1.0), Dept);
        var offer = Assert.Single(willing.Step(5, Dials(0.5, 1.0), (Peer, new ShareRequest(9, SharingChannel.WithinGovernment, 0, 0))));
        Assert.Equal(Peer, offer.To);
        Assert.Equal(new ShareOffer(9, SharingChannel.WithinGovernment, Counter: false), offer.Body);

        var unwilling = new AgentHarness(Quiet(willingness: 0.0), Dept);
        var refusal = Assert.Single(unwilling.Step(5, Dials(0.5, 0.0), (Peer, new ShareRequest(9, SharingChannel.CrossRegion, 0, 0))));
        Assert.Equal(new ShareReject(9, SharingChannel.CrossRegion), refusal.Body);
        Assert.Equal(1, unwilling.LastMetrics.Refusals);
        Assert.Equal(1, unwilling.LastMetrics.Rounds); // the refusal is one negotiation round
    }

    [Fact]
    public void Accountability_raises_willingness_by_the_documented_rule()
    {
        var harness = new AgentHarness(Quiet(willingness: 0.35), Dept);
        double before = harness.As<DepartmentAgent>().Willingness;
        harness.Step(0, (Government, new AccountabilitySanction(0.5)));
        var k = ConstantValues.Defaults;
        double expected = before + k[Constants.SanctionWillingnessGain] * 0.5 * (1 - before);
        // Then, the same tick, the pull back toward its own norm (free-riding, §6.19; no links: no erosion).
        expected += k[Constants.NormPull] * (before - expected);
        Assert.Equal(expected, harness.As<DepartmentAgent>().Willingness, 12);
    }

    [Fact]
    public void Requester_closes_a_deal_on_an_offer_and_a_timeout_without_answer()
    {
        var scenario = Quiet(willingness: 1.0) with
        {
            Mechanisms = ScenarioDefaults.Mechanisms with { Negotiation = new NegotiationSettings(TimeoutTicks: 2, MaxRounds: 1, RequestRate: 1.0) },
        };
        var harness = new AgentHarness(scenario, Dept);
        var policy = Dials(0.0, 0.0); // only within-government requests can open
        Envelope request = default;
        int tick = 0;
        for (; tick < 50 && request.Body is null; tick++)
        {
            request = harness.Step(tick, policy).FirstOrDefault(e => e.Body is ShareRequest);
        }
        Assert.NotNull(request.Body);
        var id = ((ShareRequest)request.Body).RequestId;
        var sent = harness.Step(tick, policy, (request.To, new ShareOffer(id, SharingChannel.WithinGovernment, Counter: false)));
        Assert.Contains(sent, e => e.To == request.To && e.Body is ShareAccept);
        Assert.Equal(1, harness.LastMetrics.Deals[0]);
        Assert.Equal(1, harness.LastMetrics.Closed[0]);
        Assert.Equal(1, harness.As<DepartmentAgent>().ActiveLinks);

        // A second request that nobody answers closes as a timeout after TimeoutTicks.
        Envelope second = default;
        for (tick++; tick < 200 && second.Body is null; tick++)
        {
            second = harness.Step(tick, policy).FirstOrDefault(e => e.Body is ShareRequest);
        }
        Assert.NotNull(second.Body);
        for (int i = 0; i < 3; i++) harness.Step(tick + i, policy with { Linkage = 0 });
        Assert.True(harness.LastMetrics.Closed[0] >= 2);
        Assert.Equal(1, harness.LastMetrics.Deals[0]);
    }

    [Fact]
    public void Every_unanswered_request_closes_exactly_when_its_timeout_has_passed()
    {
        const int timeout = 3;
        var scenario = Quiet(willingness: 1.0) with
        {
            Mechanisms = ScenarioDefaults.Mechanisms with { Negotiation = new NegotiationSettings(TimeoutTicks: timeout, MaxRounds: 1, RequestRate: 1.0) },
        };
        var harness = new AgentHarness(scenario, Dept);
        var policy = Dials(0.0, 0.0); // only within-government requests can open
        var sentAt = new List<int>();
        for (int tick = 0; tick < 60; tick++)
        {
            sentAt.AddRange(harness.Step(tick, policy).Where(e => e.Body is ShareRequest).Select(_ => tick));
            // A request sent at s is last active at s and closes in the first tick k with k - s > timeout.
            int expected = sentAt.Count(s => tick - s > timeout);
            Assert.Equal(expected, harness.LastMetrics.Closed[0]);
        }
        Assert.True(sentAt.Count >= 5, $"only {sentAt.Count} requests were opened");
    }

    [Fact]
    public void A_link_lapses_the_tick_after_its_term_and_a_renewal_extends_it()
    {
        var harness = new AgentHarness(Quiet(), Dept);
        var other = AgentId.Create(AgentKind.Department, 0, 0, 0, 3);
        var accept = new ShareAccept(4, SharingChannel.WithinGovernment);
        const int madeAt = 10, renewedAt = 30;
        int lapsesAt = madeAt + ConstantValues.Defaults.Int(Constants.LinkDuration) + 1, renewedLapsesAt = renewedAt + ConstantValues.Defaults.Int(Constants.LinkDuration) + 1;
        for (int tick = madeAt; tick <= renewedLapsesAt + 2; tick++)
        {
            // Both partners link at madeAt; only `other` renews, at renewedAt.
            (AgentId, AgentMessage)[] inbox = tick == madeAt ? [(Peer, accept), (other, accept)]
                : tick == renewedAt ? [(other, accept)]
                : [];
            harness.Step(tick, inbox);
            int expected = (tick < lapsesAt ? 1 : 0) + (tick < renewedLapsesAt ? 1 : 0);
            Assert.Equal(expected, harness.As<DepartmentAgent>().ActiveLinks);
        }
    }

    [Fact]
    public void A_declined_counter_offer_does_not_touch_the_providers_own_requests()
    {
        var scenario = Quiet(willingness: 0.0) with
        {
            Mechanisms = ScenarioDefaults.Mechanisms with { Negotiation = new NegotiationSettings(TimeoutTicks: 50, MaxRounds: 1, RequestRate: 1.0) },
        };
        var harness = new AgentHarness(scenario, Dept);
        var policy = Dials(0.0, 0.0);
        Envelope request = default;
        int tick = 0;
        for (; tick < 50 && request.Body is null; tick++)
        {
            request = harness.Step(tick, policy).FirstOrDefault(e => e.Body is ShareRequest);
        }
        var id = ((ShareRequest)request.Body).RequestId;
        // The partner declines a counter-offer it got from us for *its* request with the same number.
        harness.Step(tick, policy, (request.To, new ShareDecline(id, SharingChannel.WithinGovernment)));
        Assert.Equal(0, harness.LastMetrics.Closed[0]);
        // A refusal of our own request does close it (no arbiter escalation when V = 0).
        harness.Step(tick + 1, policy, (request.To, new ShareReject(id, SharingChannel.WithinGovernment)));
        Assert.Equal(1, harness.LastMetrics.Closed[0]);
        Assert.Equal(0, harness.LastMetrics.Deals[0]);
    }

    [Fact]
    public void Answers_citizens_with_its_current_quality()
    {
        var harness = new AgentHarness(Quiet(), Dept);
        var group = AgentId.Create(AgentKind.CitizenGroup, 0, 0, 0, 0);
        var reply = Assert.Single(harness.Step(1, (group, new ServiceDemand(4))));
        Assert.Equal(group, reply.To);
        var delivery = Assert.IsType<ServiceDelivery>(reply.Body);
        Assert.Equal(4, delivery.RequestId);
        Assert.Equal(harness.As<DepartmentAgent>().Quality, delivery.Quality);
    }

    [Fact]
    public void Reports_progress_to_its_government_every_directive_period()
    {
        var harness = new AgentHarness(Quiet(), Dept);
        Assert.DoesNotContain(harness.Step(0), e => e.Body is ProgressReport);
        var report = Assert.Single(harness.Step(ConstantValues.Defaults.Int(Constants.DirectivePeriod) - 1), e => e.Body is ProgressReport);
        Assert.Equal(Government, report.To);
        Assert.Equal(harness.As<DepartmentAgent>().Systems, ((ProgressReport)report.Body).Systems);
    }
}
