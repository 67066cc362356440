using OrleansGov.Metrics;
using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// A group of citizens in one county (article §4.2, government–society coordination). It asks the
/// county's departments for online services and judges what it gets against its expectation. Voice
/// takes two routes: a service below expectation may bring a complaint to the county government
/// (the vertical route, into accountability reviews), and — where participation channels are open,
/// its social organisation is mature and horizontal coordination reaches society — it makes
/// constructive proposals that improve services.
/// </summary>
public sealed class CitizenGroupAgent : Agent
{
    private readonly double _demand;
    private readonly double _maturity;
    private double _satisfaction;
    private int _lastProposal = int.MinValue / 2;
    private int _lastComplaint = int.MinValue / 2;
    private int _nextRequestId;

    public CitizenGroupAgent(World world, AgentId id) : base(id)
    {
        var k = world.K;
        var rng = new Rng(world.Scenario.Seed, id.Value, -1);
        _demand = rng.Uniform(k[Constants.MinDemand], k[Constants.MaxDemand]);
        double spread = k[Constants.MaturitySpread];
        _maturity = Math.Clamp(world.Scenario.Preconditions.SocialMaturity + rng.Uniform(-spread, spread), 0, 1);
        _satisfaction = k[Constants.InitialSatisfaction];
    }

    public double Satisfaction => _satisfaction;

    public override void Step(in StepContext context, ReadOnlySpan<Envelope> inbox, Outbox outbox, MetricsAccumulator metrics)
    {
        var rng = context.RngFor(Id);
        int tick = context.Tick;
        var world = context.World;
        var k = context.K;
        double expectation = k[Constants.Expectation];
        // Constructive proposals need open channels, a mature social organisation and horizontal reach.
        double propose = k[Constants.ProposalRate] * context.Policy.Participation * _maturity * context.Policy.Of(Id.Province).Horizontal;
        foreach (var envelope in inbox)
        {
            if (envelope.Body is not ServiceDelivery delivery) continue;
            _satisfaction += k[Constants.SatisfactionLearning] * (delivery.Quality - _satisfaction);
            double gap = expectation - delivery.Quality;
            if (gap > 0 && rng.Chance(k[Constants.ComplaintRate] * gap / expectation))
            {
                outbox.Send(Id.Government, new Complaint(envelope.From, gap));
                _lastComplaint = tick;
            }
            if (propose > 0 && rng.Chance(propose))
            {
                outbox.Send(Id.Government, new Proposal(envelope.From, Math.Max(0, gap)));
                _lastProposal = tick;
            }
        }
        if (rng.Chance(_demand))
        {
            outbox.Send(world.RandomDepartment(Id.Government, -1, ref rng), new ServiceDemand(_nextRequestId++));
        }
        int window = k.Int(Constants.ParticipationWindow);
        metrics.Groups++;
        metrics.SatisfactionFixed += MetricsAccumulator.ToFixed(_satisfaction);
        if (tick - _lastProposal < window) metrics.ParticipatingGroups++;
        if (tick - _lastComplaint < window) metrics.ComplainingGroups++;
    }

    public override IReadOnlyDictionary<string, double> Describe() => new Dictionary<string, double>
    {
        ["demand"] = _demand,
        ["social_maturity"] = _maturity,
        ["satisfaction"] = _satisfaction,
        ["last_proposal_tick"] = _lastProposal < 0 ? -1 : _lastProposal,
        ["last_complaint_tick"] = _lastComplaint < 0 ? -1 : _lastComplaint,
    };
}
