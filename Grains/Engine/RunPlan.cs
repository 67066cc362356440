using OrleansGov.Checkpoints;
using OrleansGov.Outputs;

namespace OrleansGov.Engine;

/// <summary>
/// How a run is checkpointed and where it starts. The default plan (no checkpoints, from tick 0) is
/// what every engine supports; the reference and Orleans engines support all of it.
/// </summary>
public sealed record RunPlan
{
    public static readonly RunPlan Default = new();

    /// <summary>Checkpoint at the barrier before every tick that is a positive multiple of this (0: never).</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Start from this checkpoint (a fork, or a resumed run) instead of tick 0; its rows come first in the results.</summary>
    public RunCheckpoint? From { get; init; }

    /// <summary>Called with every checkpoint the run took, in tick order (to export them); null: keep none.</summary>
    public Func<RunCheckpoint, Task>? Export { get; init; }

    /// <summary>
    /// Called with each tick's declared outputs (the scenario's <c>outputs:</c>), in tick order, for the
    /// ticks at which any is due; null: the caller does not write them (none are collected then).
    /// </summary>
    public Func<TickOutputs, Task>? Outputs { get; init; }

    public bool IsDefault => CheckpointEvery == 0 && From is null && Export is null && Outputs is null;

    /// <summary>Is the barrier before <paramref name="tick"/> of a <paramref name="ticks"/>-tick run a checkpoint?</summary>
    public bool IsCheckpointTick(int tick, int ticks) => CheckpointEvery > 0 && tick > 0 && tick < ticks && tick % CheckpointEvery == 0;
}

