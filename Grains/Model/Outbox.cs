namespace OrleansGov.Model;

/// <summary>
/// Collects the messages one agent emits in one tick, stamping sender and sequence number.
/// Messages are delivered for the next tick by the engine.
/// </summary>
public sealed class Outbox
{
    private readonly List<Envelope> _messages;
    private AgentId _sender;
    private int _sequence;

    public Outbox(List<Envelope>? target = null)
    {
        _messages = target ?? new List<Envelope>();
    }

    public List<Envelope> Messages => _messages;

    /// <summary>Messages emitted by the current sender since <see cref="Begin"/>.</summary>
    public int SentByCurrent => _sequence;

    /// <summary>Starts collecting for <paramref name="sender"/>; sequence numbers restart at 0.</summary>
    public void Begin(AgentId sender)
    {
        _sender = sender;
        _sequence = 0;
    }

    public void Send(AgentId to, AgentMessage body)
    {
        _messages.Add(new Envelope(_sender, to, _sequence++, body));
    }
}
