using OrleansGov.Scenarios;
using OrleansGov.Metrics;

namespace OrleansGov.Model;

/// <summary>
/// A digital-service firm (article §4.2, government–market coordination). It bids for departments'
/// tenders while it has room for more contracts, works on the contracts it wins, and delivers at the
/// end of each. Its quality is its capacity with some noise.
/// </summary>
public sealed class EnterpriseAgent : Agent
{
    private readonly double _capacity;
    private readonly List<(AgentId Department, int TenderId, int Until)> _contracts = new();
    private long _wins;

    public EnterpriseAgent(World world, AgentId id) : base(id)
    {
        var rng = new Rng(world.Scenario.Seed, id.Value, -1);
        _capacity = rng.Uniform(world.K[Constants.EnterpriseMinCapacity], world.K[Constants.EnterpriseMaxCapacity]);
    }

    public bool Engaged => _contracts.Count > 0;

    public override void Step(in StepContext context, ReadOnlySpan<Envelope> inbox, Outbox outbox, MetricsAccumulator metrics)
    {
        var rng = context.RngFor(Id);
        int tick = context.Tick;
        var k = context.K;
        foreach (var envelope in inbox)
        {
            switch (envelope.Body)
            {
                case Tender tender when _contracts.Count < k.Int(Constants.MaxContractsPerEnterprise):
                    double quality = _capacity * (k[Constants.BidQualityFloor] + k[Constants.BidQualitySpread] * rng.NextDouble());
                    double price = k[Constants.PriceBase] + k[Constants.PriceSpread] * rng.NextDouble() + k[Constants.PricePerCapacity] * _capacity;
                    outbox.Send(envelope.From, new Bid(tender.TenderId, price, quality));
                    break;
                case Award award:
                    _contracts.Add((envelope.From, award.TenderId, award.Until));
                    _wins++;
                    break;
            }
        }
        for (int i = _contracts.Count - 1; i >= 0; i--)
        {
            var contract = _contracts[i];
            if (contract.Until > tick) continue;
            outbox.Send(contract.Department, new Delivery(contract.TenderId, _capacity * (k[Constants.DeliveryFloor] + k[Constants.DeliverySpread] * rng.NextDouble())));
            _contracts.RemoveAt(i);
        }
        metrics.Enterprises++;
        if (Engaged) metrics.EnterprisesEngaged++;
    }

    public override IReadOnlyDictionary<string, double> Describe() => new Dictionary<string, double>
    {
        ["capacity"] = _capacity,
        ["active_contracts"] = _contracts.Count,
        ["contracts_won"] = _wins,
    };
}
