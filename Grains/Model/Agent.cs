using OrleansGov.Metrics;

namespace OrleansGov.Model;

/// <summary>
/// An agent's rules and state, free of any Orleans type: state and inbox in, messages out.
/// Grains host agents; the reference engine loops over them. Both call <see cref="Step"/> the same way.
/// </summary>
public abstract class Agent
{
    protected Agent(AgentId id)
    {
        Id = id;
    }

    public AgentId Id { get; }

    /// <summary>
    /// Runs one tick. <paramref name="inbox"/> holds the messages emitted for this agent in the previous
    /// tick, already in canonical order. The agent adds its contribution to this tick's metrics.
    /// </summary>
    public abstract void Step(in StepContext context, ReadOnlySpan<Envelope> inbox, Outbox outbox, MetricsAccumulator metrics);

    /// <summary>The agent's current state as name/value pairs, for inspection (drill-down, debugging).</summary>
    public abstract IReadOnlyDictionary<string, double> Describe();

    /// <summary>Sorts <paramref name="inbox"/> canonically and runs one tick: the only way engines step an agent.</summary>
    public void StepWith(in StepContext context, List<Envelope> inbox, Outbox outbox, MetricsAccumulator metrics) =>
        StepWith(context, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(inbox), outbox, metrics);

    /// <summary>The same, for an inbox that is a slice of an engine's flat mail buffer (sorted in place).</summary>
    public void StepWith(in StepContext context, Span<Envelope> inbox, Outbox outbox, MetricsAccumulator metrics)
    {
        // List<T>.Sort(Comparison) and Span.Sort(Comparison) run the same introsort; with (From, Sequence)
        // unique in an inbox the order is total, so both give the same result.
        inbox.Sort(Envelope.CanonicalOrder);
        outbox.Begin(Id);
        Step(context, inbox, outbox, metrics);
        metrics.Messages += outbox.SentByCurrent;
    }
}
