using OrleansGov.Checkpoints;
using OrleansGov.Grains;
using OrleansGov.Model;

namespace OrleansGov.Agents;

/// <summary>
/// Checkpoints and restores of a government's subtree. At a barrier every agent has finished the
/// previous tick and the mail for the next one sits in the mailrooms of the governments, so the
/// subtree's state is its agents' states plus its mailrooms' contents. Each province writes its own
/// part to the store (in parallel); the nation writes its own and collects only the parts' references.
/// </summary>
public sealed partial class GovernmentGrain
{
    public async Task<SubtreeState> CaptureAsync(int tick, long generation, Envelope[] mailFromAbove) =>
        await CaptureSubtreeAsync(TreeFor(generation), tick, generation, mailFromAbove);

    public async Task<PartRef[]> CheckpointAsync(int tick, long generation, Envelope[] mailFromAbove)
    {
        var tree = TreeFor(generation);
        if (tree.Id.Kind != AgentKind.Nation)
        {
            if (tree.Id.Level != GovernmentLevel.Province)
            {
                throw new InvalidOperationException($"{tree.Id} is below a province: its parent captures it.");
            }
            var state = await CaptureSubtreeAsync(tree, tick, generation, mailFromAbove);
            return [await WritePartAsync(tree, tick, state)];
        }
        // The nation: mail it holds for a province's subtree goes into that province's part.
        var own = new List<Envelope>(mailFromAbove);
        var forChild = tree.Children.Select(_ => new List<Envelope>()).ToArray();
        foreach (var (slot, envelope) in tree.Mail.Pending)
        {
            if (slot >= tree.Mail.ChildBase) forChild[slot - tree.Mail.ChildBase].Add(envelope);
            else own.Add(envelope);
        }
        var provinces = tree.Children.Select((child, c) => child.CheckpointAsync(tick, generation, forChild[c].ToArray())).ToArray();
        var agents = await CaptureOwnAndLeavesAsync(tree, tick, generation);
        var nation = await WritePartAsync(tree, tick, new SubtreeState(agents, own.ToArray()));
        return [nation, .. (await Task.WhenAll(provinces)).SelectMany(refs => refs)];
    }

    public async Task RestoreAsync(int tick, long generation, SubtreeState? state)
    {
        var (runId, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
        Generations.CheckRestore(_generation, generation, id);
        var tree = _tree ?? await CreateSubtreeAsync();
        if (state is null && tick > 0)
        {
            if (id.Kind != AgentKind.Nation && id.Level != GovernmentLevel.Province)
            {
                throw new InvalidOperationException($"{id} is below a province: its parent restores it.");
            }
            string name = CheckpointPart.NameFor(id);
            var bytes = await store.ReadPartAsync(runId, tick, name)
                ?? throw new RunStateLostException($"The checkpoint at tick {tick} of run '{runId}' has no part '{name}' in the store ({store.Where}).");
            var part = CheckpointPart.FromBytes(bytes);
            state = new SubtreeState(part.Agents.Select(a => new AgentSnapshot(a.Id, a.State)).ToArray(), part.Mail);
        }

        // Sort the snapshots: this government's own, its leaves', and each child government's subtree.
        byte[]? own = null;
        var leafIndex = new Dictionary<AgentId, int>(tree.LeafIds.Length);
        for (int i = 0; i < tree.LeafIds.Length; i++) leafIndex[tree.LeafIds[i]] = i;
        var leafStates = new byte[]?[tree.LeafIds.Length];
        var childAgents = tree.ChildIds.Select(_ => new List<AgentSnapshot>()).ToArray();
        foreach (var snapshot in state?.Agents ?? [])
        {
            if (snapshot.Id == id) own = snapshot.State;
            else if (leafIndex.TryGetValue(snapshot.Id, out int leaf)) leafStates[leaf] = snapshot.State;
            else childAgents[ChildOf(tree, snapshot.Id)].Add(snapshot);
        }
        if (state is not null)
        {
            if (own is null) throw new InvalidDataException($"The checkpoint has no state for {id}.");
            int missing = Array.IndexOf(leafStates, null);
            if (missing >= 0) throw new InvalidDataException($"The checkpoint has no state for {tree.LeafIds[missing]}.");
        }

        var calls = new List<Task>(tree.Leaves.Length + tree.Children.Length);
        calls.AddRange(tree.Leaves.Select((leaf, i) => leaf.RestoreAsync(tick, generation, leafStates[i])));
        // The nation's provinces read their own parts; below a province, children get their share.
        bool fromParts = id.Kind == AgentKind.Nation || state is null;
        calls.AddRange(tree.Children.Select((child, c) => child.RestoreAsync(tick, generation, fromParts ? null : new SubtreeState(childAgents[c].ToArray(), []))));
        await Task.WhenAll(calls);

        tree.Mail.Clear();
        foreach (var envelope in state?.Mail ?? [])
        {
            tree.Mail.Drop(envelope); // mail for a child's subtree waits here and goes down with the next step
        }
        _tree = tree with { Host = new AgentHost(tree.World, id, own, tick) };
        _generation = generation;
        _leavesGone = false; // restored leaves are activations again

    }

    private Subtree TreeFor(long generation)
    {
        if (_tree is null)
        {
            var (_, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
            throw new RunStateLostException($"{id} has no state to checkpoint: its activation was lost (silo lost or stopped).");
        }
        Generations.Check(_generation, generation, _tree.Id);
        return _tree;
    }

    private static int ChildOf(Subtree tree, AgentId agent)
    {
        for (int c = 0; c < tree.ChildIds.Length; c++)
        {
            if (tree.ChildIds[c].Contains(agent)) return c;
        }
        throw new InvalidDataException($"The checkpoint holds {agent} in the part of {tree.Id}, whose subtree does not contain it.");
    }

    private static async Task<AgentSnapshot[]> CaptureOwnAndLeavesAsync(Subtree tree, int tick, long generation)
    {
        var leaves = tree.Leaves.Select(leaf => leaf.CaptureAsync(tick, generation)).ToArray();
        var own = new AgentSnapshot(tree.Id, tree.Host.Capture(tick));
        var states = await Task.WhenAll(leaves);
        return [own, .. states.Select((state, i) => new AgentSnapshot(tree.LeafIds[i], state))];
    }

    private static async Task<SubtreeState> CaptureSubtreeAsync(Subtree tree, int tick, long generation, Envelope[] mailFromAbove)
    {
        var children = tree.Children.Select(child => child.CaptureAsync(tick, generation, [])).ToArray();
        var agents = new List<AgentSnapshot>(await CaptureOwnAndLeavesAsync(tree, tick, generation));
        var mail = new List<Envelope>(mailFromAbove);
        mail.AddRange(tree.Mail.Pending.Select(p => p.Envelope));
        foreach (var child in await Task.WhenAll(children))
        {
            agents.AddRange(child.Agents);
            mail.AddRange(child.Mail);
        }
        return new SubtreeState(agents.ToArray(), mail.ToArray());
    }

    private async Task<PartRef> WritePartAsync(Subtree tree, int tick, SubtreeState state)
    {
        string name = CheckpointPart.NameFor(tree.Id);
        var bytes = new CheckpointPart(name, state.Agents.Select(a => (a.Id, a.State)), state.Mail).ToBytes();
        await store.WritePartAsync(tree.RunId, tick, name, bytes);
        return new PartRef(name, bytes.Length, CheckpointPart.Hash(bytes));
    }
}
