using OrleansGov.Scenarios;
using OrleansGov.Metrics;

namespace OrleansGov.Model;

/// <summary>
/// A group of citizens in one county (article §4.2, government–society coordination). It asks the
/// county's departments for online services, judges what it gets against its expectation, and — where
/// participation channels are open and its social organisation is mature — sends proposals about poor
/// services to the county government.
/// </summary>
public sealed class CitizenGroupAgent : Agent
{
    private readonly double _demand;
    private readonly double _maturity;
    private double _satisfaction;
    private int _lastSpokeUp = int.MinValue / 2;
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
        foreach (var envelope in inbox)
        {
            if (envelope.Body is not ServiceDelivery delivery) continue;
            _satisfaction += k[Constants.SatisfactionLearning] * (delivery.Quality - _satisfaction);
            double gap = k[Constants.Expectation] - delivery.Quality;
            if (gap > 0 && rng.Chance(context.Policy.Participation * _maturity))
            {
                outbox.Send(Id.Government, new Proposal(envelope.From, gap));
                _lastSpokeUp = tick;
            }
        }
        if (rng.Chance(_demand))
        {
            outbox.Send(world.RandomDepartment(Id.Government, -1, ref rng), new ServiceDemand(_nextRequestId++));
        }
        metrics.Groups++;
        metrics.SatisfactionFixed += MetricsAccumulator.ToFixed(_satisfaction);
        if (tick - _lastSpokeUp < k.Int(Constants.ParticipationWindow)) metrics.ParticipatingGroups++;
    }

    public override IReadOnlyDictionary<string, double> Describe() => new Dictionary<string, double>
    {
        ["demand"] = _demand,
        ["social_maturity"] = _maturity,
        ["satisfaction"] = _satisfaction,
        ["last_proposal_tick"] = _lastSpokeUp < 0 ? -1 : _lastSpokeUp,
    };
}
