using System.Runtime.ExceptionServices;
using Orleans.Placement;
using OrleansGov.Checkpoints;
using OrleansGov.Engine;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Model.Outputs;
using OrleansGov.Outputs;

namespace OrleansGov.Agents;

/// <summary>
/// Hosts a government agent (nation, province, city or county) and is the tick barrier for its subtree:
/// per tick it hands each leaf its inbox and each child government the mail for that child's subtree,
/// steps its own agent, awaits the children, keeps the mail its subtree sent to itself (delivered next
/// tick) and returns the rest upward with the subtree's tally. Randomly placed, so a cluster spreads
/// subtrees over its silos; leaves follow their government. Checkpoints and restores:
/// <c>GovernmentGrain.Checkpoints.cs</c>.
/// </summary>
[RandomPlacement]
[CollectionAgeLimit(Days = 1)]
public sealed partial class GovernmentGrain(WorldCache worlds, ICheckpointStore store) : Grain, IGovernmentGrain
{
    private Subtree? _tree;
    private long _generation;
    /// <summary>The subtree stepped the run's last tick: its leaves have let their activations go.</summary>
    private bool _leavesGone;

    /// <summary>Provinces the nation steps concurrently.</summary>
    internal const int ProvinceWindow = 4;

    public async ValueTask<StepOutput> StepAsync(StepInput input)
    {
        var tree = await TreeForStepAsync(input);
        var (tally, sent, results) = await StepSubtreeAsync(tree, input);
        _leavesGone = input.Last;
        var upward = tree.Upward;
        upward.Clear();
        Sort(tree, sent, upward);
        foreach (var result in results)
        {
            // This grain holds the only reference to a result (in a silo the callee's object, between
            // silos a copy), and drops it after this: its tally and outgoing mail go back to their pools
            // once merged and sorted.
            result.Tally.AddToAndRecycle(tally);
            Sort(tree, result.Outgoing, upward);
            EnvelopeArrays.Return(result.Outgoing);
        }
        if (tree.Id.Level == GovernmentLevel.County)
        {
            tally.CloseCounty();
        }
        var outgoing = EnvelopeArrays.Copy(upward);
        upward.Clear();
        var output = new StepOutput(outgoing, new SealedTally(tally), Outputs(tree, input, tally, results));
        tree.EndStep();
        return output;
    }

    /// <summary>
    /// The subtree's rows of the declared outputs due at this tick: the own agent's snapshot, the
    /// leaves' and children's rows, and this government's series row from its subtree's tally.
    /// </summary>
    private static OutputRows? Outputs(Subtree tree, StepInput input, MetricsAccumulator subtree, StepOutput[] results)
    {
        if (!input.Outputs || OutputPlan.At(tree.World, input.Tick) is not { } plan)
        {
            return null;
        }
        var series = tree.Id.Kind == AgentKind.Nation ? null : plan.Series(tree.Id, subtree, input.Tick);
        var own = new OutputRows(series is null ? [] : [series], []);
        return OutputRows.Concat([own, tree.Host.OutputsAfter(input.Tick, true), .. results.Select(r => r.Outputs)]);
    }

    public async Task<RootStep> StepRootAsync(StepInput input)
    {
        var tree = await TreeForStepAsync(input);
        if (tree.Id.Kind != AgentKind.Nation)
        {
            throw new InvalidOperationException($"{tree.Id} is not the nation: only the nation steps a whole run.");
        }
        var (nationOwn, sent, results) = await StepSubtreeAsync(tree, input);
        _leavesGone = input.Last;
        var upward = new List<Envelope>();
        Sort(tree, sent, upward);
        var provinces = new List<MetricsAccumulator>(tree.Children.Length);
        for (int i = 0; i < results.Length; i++)
        {
            Sort(tree, results[i].Outgoing, upward);
            EnvelopeArrays.Return(results[i].Outgoing);
            if (i < tree.Leaves.Length)
            {
                results[i].Tally.AddToAndRecycle(nationOwn);
            }
            else
            {
                var province = new MetricsAccumulator();
                results[i].Tally.AddToAndRecycle(province);
                provinces.Add(province);
            }
        }
        if (upward.Count > 0)
        {
            var e = upward[0];
            throw new InvalidOperationException($"{e.From} sent {e.Body.GetType().Name} to {e.To}, which is outside the run.");
        }
        var outputs = input.Outputs ? OutputRows.Concat([tree.Host.OutputsAfter(input.Tick, true), .. results.Select(r => r.Outputs)]) : null;
        tree.EndStep();
        return new RootStep(MetricsRows.Build(input.Tick, tree.World, nationOwn, provinces), outputs);
    }

    /// <summary>
    /// The subtree to step: created fresh for tick 0; otherwise it must be here, of the step's generation.
    /// A <see cref="ValueTask{TResult}"/> completed at once after tick 0 (an async <c>Task</c> made one
    /// task object per government step).
    /// </summary>
    private ValueTask<Subtree> TreeForStepAsync(StepInput input)
    {
        if (_tree is { } tree)
        {
            Generations.Check(_generation, input.Generation, tree.Id);
            return new ValueTask<Subtree>(tree);
        }
        return CreateTreeForStepAsync(input);
    }

    private async ValueTask<Subtree> CreateTreeForStepAsync(StepInput input)
    {
        if (_tree is null)
        {
            if (input.Tick != 0)
            {
                var (_, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
                throw new RunStateLostException($"{id} has no state for tick {input.Tick}: its activation was lost (silo lost or stopped).");
            }
            _tree = await CreateSubtreeAsync();
            _generation = input.Generation;
        }
        Generations.Check(_generation, input.Generation, _tree.Id);
        return _tree;
    }

    public Task<AgentView> DescribeAsync()
    {
        if (_tree is not { } tree)
        {
            // Not stepped (or released): report nothing rather than build the subtree for a look
            // (and never deactivate here: a first step may be creating it right now).
            var (_, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
            return Task.FromResult(new AgentView(id, false, 0, new Dictionary<string, double>(), []));
        }
        var children = tree.World.Leaves(tree.Id).Concat(tree.World.ChildGovernments(tree.Id)).ToArray();
        return Task.FromResult(new AgentView(tree.Id, true, tree.Host.NextTick, tree.Host.Describe(), children));
    }

    public async Task ReleaseAsync()
    {
        if (_tree is { } tree)
        {
            var calls = new List<Task>(tree.Leaves.Length + tree.Children.Length);
            if (!_leavesGone)
            {
                calls.AddRange(tree.Leaves.Select(leaf => leaf.ReleaseAsync()));
            }
            calls.AddRange(tree.Children.Select(child => child.ReleaseAsync()));
            await Task.WhenAll(calls);
            worlds.Release(tree.RunId);
        }
        _tree = null;
        _leavesGone = false;
        DeactivateOnIdle();
    }

    /// <summary>Hands out this tick's mail, starts every leaf and child, steps the own agent, awaits them all.</summary>
    private static async Task<(MetricsAccumulator Own, List<Envelope> Sent, StepOutput[] Results)> StepSubtreeAsync(Subtree tree, StepInput input)
    {
        foreach (var envelope in input.Mail)
        {
            tree.Mail.Drop(envelope);
        }
        var boxes = tree.Mail.TakeAll();
        // The subtree's own arrays, reused every tick (the caller empties them once it has read the results).
        var calls = tree.Calls;
        // Most leaves get no mail in a tick: they share one immutable input instead of one each.
        var noMail = input.Mail.Length == 0 ? input : input with { Mail = [] };
        // The nation steps at most ProvinceWindow provinces at a time (a sliding window in index order):
        // every agent of a tick in flight at once (a million step messages, their inputs, outputs and
        // awaiting tasks) is what set the stress run's peak memory. Results are still collected by index,
        // so the tick's outcome is unchanged.
        int window = tree.Id.Kind == AgentKind.Nation ? ProvinceWindow : tree.Children.Length;
        int first = Math.Min(window, tree.Children.Length);
        // Child governments are sent before the leaves (the order of sending changes no result: each call
        // has its own box and its answer its own slot). A turn's messages queue on this thread, which runs
        // the newest first, while an idle thread steals the oldest: sent first, the subtrees are what the
        // other core takes — a whole subtree per steal — and this thread steps its own leaves meanwhile.
        // Leaves first, the other core stole one leaf at a time and a province could wait ~5–10 ms to
        // start (docs/PERFORMANCE.md, round 11).
        for (int c = 0; c < first; c++)
        {
            calls[tree.Leaves.Length + c] = tree.Children[c].StepAsync(InputFor(input, noMail, boxes[tree.Mail.ChildBase + c]));
        }
        for (int i = 0; i < tree.Leaves.Length; i++)
        {
            calls[i] = tree.Leaves[i].StepAsync(InputFor(input, noMail, boxes[1 + i]));
        }
        // Pooled: this tally goes up sealed in the step's output, and the parent recycles it once merged.
        var own = TallyPool.Rent();
        // The own agent's inbox and outbox are the subtree's, reused every tick: the outbox's messages are
        // sorted by the caller before the next step clears them.
        var outbox = tree.OwnOutbox;
        outbox.Messages.Clear();
        var inbox = tree.OwnInbox;
        inbox.AddRange(boxes[0]);
        try
        {
            tree.Host.Step(input.Tick, input.Policy, inbox, outbox, own);
        }
        finally
        {
            inbox.Clear();
        }
        var results = tree.Results;
        for (int c = first; c < tree.Children.Length; c++)
        {
            int done = tree.Leaves.Length + c - window;
            results[done] = await calls[done];
            calls[tree.Leaves.Length + c] = tree.Children[c].StepAsync(InputFor(input, noMail, boxes[tree.Mail.ChildBase + c]));
        }
        // The window's early awaits took children [0, Children - window); every other call is awaited here.
        int early = Math.Max(0, tree.Children.Length - window);
        await AwaitAllAsync(calls, results, tree.Leaves.Length, early);
        // Every leaf and child has answered: they read their boxes during their calls.
        tree.Mail.RecycleBoxes();
        return (own, outbox.Messages, results);
    }

    /// <summary>
    /// Awaits every call not yet taken, in index order, each exactly once (a <see cref="ValueTask{TResult}"/>
    /// may not be awaited twice), skipping <paramref name="skipCount"/> calls from <paramref name="skipFrom"/>.
    /// Like <c>Task.WhenAll</c>, which it replaces, it lets every call finish before it rethrows the first
    /// failure in index order.
    /// </summary>
    private static async ValueTask AwaitAllAsync(ValueTask<StepOutput>[] calls, StepOutput[] results, int skipFrom, int skipCount)
    {
        ExceptionDispatchInfo? failure = null;
        for (int i = 0; i < calls.Length; i++)
        {
            if (i >= skipFrom && i < skipFrom + skipCount)
            {
                continue;
            }
            try
            {
                results[i] = await calls[i];
            }
            catch (Exception e)
            {
                failure ??= ExceptionDispatchInfo.Capture(e);
            }
        }
        failure?.Throw();
    }

    private static StepInput InputFor(StepInput input, StepInput noMail, Envelope[] box) =>
        box.Length == 0 ? noMail : input with { Mail = box };

    /// <summary>Keeps mail addressed inside this subtree for next tick; the rest goes up.</summary>
    private static void Sort(Subtree tree, IReadOnlyList<Envelope> sent, List<Envelope> upward)
    {
        for (int i = 0; i < sent.Count; i++)
        {
            var envelope = sent[i];
            if (tree.Id.Contains(envelope.To))
            {
                tree.Mail.Drop(envelope);
            }
            else
            {
                upward.Add(envelope);
            }
        }
    }

    private async Task<Subtree> CreateSubtreeAsync()
    {
        var (runId, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
        if (id.Kind is not (AgentKind.Nation or AgentKind.Government))
        {
            throw new InvalidOperationException($"{id} is not a government.");
        }
        var world = await worlds.GetAsync(runId);
        var leaves = world.Leaves(id).ToArray();
        var children = world.ChildGovernments(id);
        return new Subtree(
            runId,
            world,
            new AgentHost(world, id),
            new Mailroom(id, leaves, children),
            leaves,
            children.ToArray(),
            AgentReferences.Create<IAgentGrain>(GrainFactory, runId, leaves),
            AgentReferences.Create<IGovernmentGrain>(GrainFactory, runId, children));
    }

    private sealed record Subtree(
        string RunId, World World, AgentHost Host, Mailroom Mail, AgentId[] LeafIds, AgentId[] ChildIds, IAgentGrain[] Leaves, IGovernmentGrain[] Children)
    {
        public AgentId Id => Host.Id;

        /// <summary>The own agent's inbox for one step (emptied after it).</summary>
        public List<Envelope> OwnInbox { get; } = new();

        /// <summary>The own agent's outbox; its messages are this tick's until the next step clears them.</summary>
        public Outbox OwnOutbox { get; } = new();

        /// <summary>The mail going up from one step, before it is copied into the step's output.</summary>
        public List<Envelope> Upward { get; } = new();

        /// <summary>One step's calls to the leaves, then the child governments (indexed as <see cref="Results"/>).</summary>
        public ValueTask<StepOutput>[] Calls { get; } = new ValueTask<StepOutput>[Leaves.Length + Children.Length];

        /// <summary>One step's answers: the leaves', then the child governments'.</summary>
        public StepOutput[] Results { get; } = new StepOutput[Leaves.Length + Children.Length];

        /// <summary>Drops the step's calls and answers (their mail and tallies are merged or recycled by now).</summary>
        public void EndStep()
        {
            Array.Clear(Calls);
            Array.Clear(Results);
        }

        /// <summary>The run's recent metric windows (the nation's subtree only, where the rows are built).</summary>
    }
}
