using OrleansGov.Metrics;

namespace OrleansGov.Model;

/// <summary>STUB: rules to follow.</summary>
public sealed class OfficeAgent : Agent
{
    public OfficeAgent(World world, AgentId id) : base(id)
    {
        _ = world;
    }

    public override void Step(in StepContext context, ReadOnlySpan<Envelope> inbox, Outbox outbox, MetricsAccumulator metrics)
    {
    }

    public override IReadOnlyDictionary<string, double> Describe() => new Dictionary<string, double>();
}
