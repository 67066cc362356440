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
    private readonly List<(AgentId Department, int TenderId, int Until)> _contracts = new(ModelConstants.MaxContractsPerEnterprise);
    private long _wins;

    public EnterpriseAgent(World world, AgentId id) : base(id)
    {
        var rng = new Rng(world.Scenario.Seed, id.Value, -1);
        _capacity = rng.Uniform(0.4, 1.0);
    }

    public bool Engaged => _contracts.Count > 0;

    public override void Step(in StepContext context, ReadOnlySpan<Envelope> inbox, Outbox outbox, MetricsAccumulator metrics)
    {
        var rng = context.RngFor(Id);
        int tick = context.Tick;
        foreach (var envelope in inbox)
        {
            switch (envelope.Body)
            {
                case Tender tender when _contracts.Count < ModelConstants.MaxContractsPerEnterprise:
                    double quality = _capacity * (0.7 + 0.3 * rng.NextDouble());
                    double price = 0.3 + 0.4 * rng.NextDouble() + 0.3 * _capacity;
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
            outbox.Send(contract.Department, new Delivery(contract.TenderId, _capacity * (0.8 + 0.2 * rng.NextDouble())));
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
