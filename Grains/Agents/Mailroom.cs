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
    // The leaves in ascending order (World.Leaves gives them so); a leaf's box is found by binary search.
    // A dictionary per government cost ~90 B per leaf for the whole run (a million leaves on stress).
    private readonly AgentId[] _leaves;
    private readonly IReadOnlyList<AgentId> _children;
    private readonly int _childBase;
    private readonly int _slots;
    // One flat list of (box, envelope) in drop order instead of two grown lists per leaf and child
    // (pending and spare): a county with hundreds of leaves kept ~2 lists per leaf alive for the run.
    private readonly List<(int Slot, Envelope Envelope)> _pending = new();
    // The last hand-out's counts and boxes, kept for the next one: the grain steps one tick at a time and
    // reads a hand-out's boxes only within that tick's step (two arrays per government per tick saved).
    private int[]? _counts;
    private Envelope[][]? _boxes;

    public Mailroom(AgentId self, IReadOnlyList<AgentId> leaves, IReadOnlyList<AgentId> children)
    {
        _self = self;
        _children = children;
        _leaves = leaves as AgentId[] ?? leaves.ToArray();
        for (int i = 1; i < _leaves.Length; i++)
        {
            if (_leaves[i - 1].CompareTo(_leaves[i]) >= 0)
            {
                throw new ArgumentException($"{self}'s leaves must be in ascending order without repeats ({_leaves[i - 1]} before {_leaves[i]}).", nameof(leaves));
            }
        }
        _childBase = 1 + leaves.Count;
        _slots = _childBase + children.Count;
    }

    /// <summary>Box 0 is the government's own agent; boxes 1..L its leaves; then its child governments.</summary>
    public int ChildBase => _childBase;

    /// <summary>Mail queued for the next hand-out, with its box (0 own agent, then leaves, then child governments from <see cref="ChildBase"/>); read-only.</summary>
    public IReadOnlyList<(int Slot, Envelope Envelope)> Pending => _pending;

    /// <summary>Drops every queued envelope (a restore replaces them).</summary>
    public void Clear() => _pending.Clear();

    /// <summary>Queues <paramref name="envelope"/> for the next hand-out; throws when its recipient is not in this subtree.</summary>
    public void Drop(Envelope envelope) => _pending.Add((SlotOf(envelope.To), envelope));

    /// <summary>
    /// Hands out every queued envelope, box by box, each box in drop order (a stable bucketing of the
    /// flat list); empty boxes are the shared empty array. The boxes are the caller's until the next
    /// hand-out (the array of boxes is reused then) or <see cref="RecycleBoxes"/>.
    /// </summary>
    public Envelope[][] TakeAll()
    {
        var counts = _counts ??= new int[_slots];
        foreach (var (slot, _) in _pending)
        {
            counts[slot]++;
        }
        var boxes = _boxes ??= new Envelope[_slots][];
        for (int s = 0; s < _slots; s++)
        {
            boxes[s] = EnvelopeArrays.Rent(counts[s]);
            counts[s] = 0;
        }
        foreach (var (slot, envelope) in _pending)
        {
            boxes[slot][counts[slot]++] = envelope;
        }
        _pending.Clear();
        Array.Clear(counts); // the fill above left each box's size in it; the next hand-out counts from zero
        return boxes;
    }

    /// <summary>
    /// Gives the last hand-out's boxes back to <see cref="EnvelopeArrays"/>: only once every receiver has
    /// answered its step (it read its mail during that call) and nothing else reads them.
    /// </summary>
    public void RecycleBoxes()
    {
        if (_boxes is not { } boxes)
        {
            return;
        }
        for (int s = 0; s < boxes.Length; s++)
        {
            EnvelopeArrays.Return(boxes[s]);
            boxes[s] = [];
        }
    }

    private int SlotOf(AgentId to)
    {
        if (to == _self)
        {
            return 0;
        }
        int leaf = Array.BinarySearch(_leaves, to);
        if (leaf >= 0)
        {
            return 1 + leaf;
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
}
