namespace OrleansGov.Model;

/// <summary>
/// A message in transit. Emitted in tick t, delivered for tick t+1. <see cref="Sequence"/> is the
/// sender's own counter within the tick, so (From, Sequence) is a canonical, arrival-independent order.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct Envelope(AgentId From, AgentId To, int Sequence, AgentMessage Body)
{
    /// <summary>Sorts an inbox canonically: by sender id, then by the sender's sequence number.</summary>
    public static readonly Comparison<Envelope> CanonicalOrder = static (a, b) =>
    {
        int c = a.From.Value.CompareTo(b.From.Value);
        return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
    };
}
