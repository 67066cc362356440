using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Checkpoints;

/// <summary>
/// What a store that outlives any silo knows of a run: enough for a fresh coordinator activation (its
/// silo was lost) to pick the run up again from its latest complete checkpoint.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.run-record")]
public sealed record RunRecord(
    Scenario Scenario, int CheckpointEvery, bool KeepCheckpoints, RunStatus Status, string? Error,
    DateTime? StartedUtc, DateTime? EndedUtc, RecoveryRecord[] Recoveries, bool CollectOutputs = false);

/// <summary>
/// Where checkpoints and run records live: Redis on a cluster (<see cref="RedisCheckpointStore"/>),
/// memory for the embedded silo and tests (<see cref="MemoryCheckpointStore"/>). A checkpoint is
/// written part by part (in parallel, by the government grains) and becomes usable only when its
/// commit record is written, after every part.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>"memory" or "redis HOST:PORT", for messages.</summary>
    string Where { get; }

    Task WritePartAsync(string runId, int tick, string part, byte[] data);

    Task<byte[]?> ReadPartAsync(string runId, int tick, string part);

    /// <summary>Marks the checkpoint at <paramref name="meta"/>'s tick complete.</summary>
    Task CommitAsync(string runId, CheckpointMeta meta);

    Task<CheckpointMeta?> ReadCommitAsync(string runId, int tick);

    /// <summary>Ticks of the run's complete checkpoints, ascending.</summary>
    Task<int[]> CommittedTicksAsync(string runId);

    /// <summary>Removes one checkpoint (commit record first, so it is never seen half-deleted).</summary>
    Task DeleteCheckpointAsync(string runId, int tick, IEnumerable<string> parts);

    Task WriteRunAsync(string runId, RunRecord record);

    Task<RunRecord?> ReadRunAsync(string runId);

    /// <summary>Atomically the next generation number of the run (1, 2, …): each (re)start of its tick loop gets its own.</summary>
    Task<long> NextGenerationAsync(string runId);

    /// <summary>The run's generation now (0 before the first).</summary>
    Task<long> CurrentGenerationAsync(string runId);

    /// <summary>Records how many ticks the run has done (one small write per tick), so a recovery can say which tick was lost.</summary>
    Task WriteProgressAsync(string runId, int ticksDone);

    Task<int> ReadProgressAsync(string runId);

    /// <summary>Forgets the run: its record, generation counter and every checkpoint.</summary>
    Task DeleteRunAsync(string runId);

    /// <summary>Deletes the run's checkpoints and progress, keeping its record (a finished run's status) and generation counter.</summary>
    Task DeleteCheckpointsAsync(string runId);
}
