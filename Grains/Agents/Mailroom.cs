using OrleansGov.Model;

namespace OrleansGov.Agents;

/// <summary>
/// A government's mail sorting: one box for its own agent, one per leaf, one per child government
/// (whose box carries mail for the child's whole subtree). Mail dropped in during tick t is handed out
/// at tick t+1. Plain C#; the grain owns one.
/// </summary>
internal sealed class Mailroom
{
    private readonly AgentId _self;
    private readonly Dictionary<AgentId, int> _leafSlots;
    private readonly IReadOnlyList<AgentId> _children;
    private readonly int _childBase;
    private List<Envelope>[] _pending;
    private List<Envelope>[] _spare;

    public Mailroom(AgentId self, IReadOnlyList<AgentId> leaves, IReadOnlyList<AgentId> children)
    {
        _self = self;
        _children = children;
        _leafSlots = new Dictionary<AgentId, int>(leaves.Count);
        for (int i = 0; i < leaves.Count; i++)
        {
            _leafSlots[leaves[i]] = 1 + i;
        }
        _childBase = 1 + leaves.Count;
        _pending = NewBoxes(_childBase + children.Count);
        _spare = NewBoxes(_childBase + children.Count);
    }

    /// <summary>Box 0 is the government's own agent; boxes 1..L its leaves; then its child governments.</summary>
    public int ChildBase => _childBase;

    /// <summary>Queues <paramref name="envelope"/> for the next hand-out; throws when its recipient is not in this subtree.</summary>
    public void Drop(Envelope envelope) => _pending[SlotOf(envelope.To)].Add(envelope);

    /// <summary>Hands out every queued envelope, box by box; call <see cref="Recycle"/> with the boxes when done.</summary>
    public List<Envelope>[] TakeAll()
    {
        var boxes = _pending;
        _pending = _spare;
        return boxes;
    }

    /// <summary>Returns boxes from <see cref="TakeAll"/> for reuse.</summary>
    public void Recycle(List<Envelope>[] boxes)
    {
        foreach (var box in boxes)
        {
            box.Clear();
        }
        _spare = boxes;
    }

    private int SlotOf(AgentId to)
    {
        if (to == _self)
        {
            return 0;
        }
        if (_leafSlots.TryGetValue(to, out int slot))
        {
            return slot;
        }
        int child = ChildIndex(to);
        if (child >= 0 && child < _children.Count && _children[child].Contains(to))
        {
            return _childBase + child;
        }
        throw new InvalidOperationException($"{_self} cannot deliver mail for {to}: no such agent in its subtree.");
    }

    /// <summary>Child governments are numbered by the coordinate one level down (World.ChildGovernments).</summary>
    private int ChildIndex(AgentId to) => _self.Level switch
    {
        GovernmentLevel.Nation => to.Province,
        GovernmentLevel.Province => to.City >= 0 ? to.City : to.County,
        GovernmentLevel.City => to.County,
        _ => -1,
    };

    private static List<Envelope>[] NewBoxes(int count)
    {
        var boxes = new List<Envelope>[count];
        for (int i = 0; i < count; i++)
        {
            boxes[i] = new List<Envelope>();
        }
        return boxes;
    }
}
