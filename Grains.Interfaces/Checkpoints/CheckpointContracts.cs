using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Scenarios;

namespace OrleansGov.Checkpoints;

/// <summary>Where one part of a checkpoint is and what it holds.</summary>
[GenerateSerializer, Immutable, Alias("og.checkpoint-part-ref")]
public sealed record PartRef(string Name, int Bytes, string Hash);

/// <summary>
/// A checkpoint's commit record: the run's state at the barrier before tick <see cref="Tick"/> (ticks
/// 0..Tick-1 done), apart from the agents and mail, which are in <see cref="Parts"/>. A checkpoint is
/// complete only when this record exists and every part it lists is stored with its hash.
/// </summary>
/// <param name="CodeVersion">OrleansGov's version (and git commit) that wrote it.</param>
/// <param name="SchemaHash"><see cref="AgentState.SchemaHash"/> of the build that wrote it.</param>
/// <param name="WorldHash"><see cref="Checkpoint.WorldHash"/> of the scenario at <see cref="Tick"/>.</param>
/// <param name="Scenario">The scenario as run so far, live interventions included.</param>
/// <param name="Rows">Metric rows of ticks 0..Tick-1.</param>
/// <param name="TickSeconds">Wall-clock seconds of each tick done (for benchmarks; not part of results).</param>
[GenerateSerializer, Immutable, Alias("og.checkpoint-meta")]
public sealed record CheckpointMeta(
    int FormatVersion, string CodeVersion, string SchemaHash, string WorldHash, int Tick,
    Scenario Scenario, ScopeMetrics[] Rows, double[] TickSeconds, PartRef[] Parts);

/// <summary>One agent's captured state (bytes of the generic state walker).</summary>
[GenerateSerializer, Immutable, Alias("og.agent-snapshot")]
public readonly record struct AgentSnapshot(AgentId Id, byte[] State);

/// <summary>A subtree's share of a checkpoint, passed between government grains: its agents' states and the mail in transit to them.</summary>
[GenerateSerializer, Immutable, Alias("og.subtree-state")]
public sealed record SubtreeState(AgentSnapshot[] Agents, Envelope[] Mail);

/// <summary>
/// How a run starts: its scenario, how often it checkpoints, whether it keeps every checkpoint (to
/// export them) or only the latest, and optionally the checkpoint it starts from (a fork), whose parts
/// must already be stored under the new run's id.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.run-start")]
/// <remarks><paramref name="CollectOutputs"/>: the client writes the scenario's declared outputs, so the
/// grains make their rows and the coordinator keeps them until taken (<c>TakeOutputsAsync</c>).</remarks>
public sealed record RunStart(Scenario Scenario, int CheckpointEvery, bool KeepCheckpoints, CheckpointMeta? From, bool CollectOutputs = false);

/// <summary>One recovery of a run from a lost silo: the tick it was lost at, the checkpoint it resumed from, and how long it took.</summary>
[GenerateSerializer, Immutable, Alias("og.recovery")]
public sealed record RecoveryRecord(int TickLost, int TickResumed, double Seconds, string Cause);
