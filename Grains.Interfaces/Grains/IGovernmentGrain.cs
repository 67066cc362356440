using OrleansGov.Checkpoints;
using OrleansGov.Metrics;
using OrleansGov.Model;

namespace OrleansGov.Grains;

/// <summary>
/// Hosts a government agent (the nation, a province, city or county) and routes its subtree's mail:
/// one call per tick steps the whole subtree (its own agent, its leaves, its child governments).
/// Key: <c>{runId}/{agentId}</c>.
/// </summary>
[Alias("og.IGovernmentGrain")]
public interface IGovernmentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Steps the subtree for one tick. <see cref="StepInput.Mail"/> holds mail from outside the subtree
    /// for recipients inside it; mail the subtree sends to itself is kept and delivered next tick.
    /// </summary>
    /// <remarks>
    /// A <see cref="ValueTask{TResult}"/> like <see cref="IAgentGrain.StepAsync"/>, so a parent awaits leaves
    /// and children alike (each result exactly once; no task wrapper per call in the parent's proxy).
    /// A tick of a large subtree (the first activates every grain in it: about 100 s for a million
    /// agents on 2 cores) outlasts Orleans' default 30 s response timeout, hence a generous one.
    /// </remarks>
    [Alias("Step"), ResponseTimeout("00:30:00")]
    ValueTask<StepOutput> StepAsync(StepInput input);

    /// <summary>Steps the whole run for one tick from the nation; <see cref="StepInput.Mail"/> holds the environment's notices. Returns the tick's rows (and declared outputs).</summary>
    [Alias("StepRoot"), ResponseTimeout("00:30:00")]
    Task<RootStep> StepRootAsync(StepInput input);

    /// <summary>The government's current state and its children's ids, read without blocking ticks (dashboard drill-down).</summary>
    [Alias("Describe"), Orleans.Concurrency.ReadOnly, Orleans.Concurrency.AlwaysInterleave]
    Task<AgentView> DescribeAsync();

    /// <summary>
    /// A city's or county's subtree at the barrier before <paramref name="tick"/>: every agent's state and the
    /// mail in transit inside it, plus <paramref name="mailFromAbove"/> (held by ancestors for it).
    /// </summary>
    [Alias("Capture"), ResponseTimeout("00:30:00")]
    Task<SubtreeState> CaptureAsync(int tick, long generation, Envelope[] mailFromAbove);

    /// <summary>
    /// The nation or a province: captures its share of the checkpoint before <paramref name="tick"/> and writes
    /// it to the checkpoint store itself (provinces in parallel; nothing funnels through the coordinator).
    /// Returns the parts written (the nation: its own and every province's).
    /// </summary>
    [Alias("Checkpoint"), ResponseTimeout("00:30:00")]
    Task<PartRef[]> CheckpointAsync(int tick, long generation, Envelope[] mailFromAbove);

    /// <summary>
    /// Sets the subtree to the barrier before <paramref name="tick"/> for generation <paramref name="generation"/>:
    /// from <paramref name="state"/>, or (null) from its own part in the checkpoint store (nation, provinces),
    /// or (null at tick 0) to fresh agents and no mail.
    /// </summary>
    [Alias("Restore"), ResponseTimeout("00:30:00")]
    Task RestoreAsync(int tick, long generation, SubtreeState? state);

    /// <summary>The run is over: releases the subtree, then lets this activation go.</summary>
    [Alias("Release"), ResponseTimeout("00:30:00")]
    Task ReleaseAsync();
}
