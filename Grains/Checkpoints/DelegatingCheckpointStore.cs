using OrleansGov.Runs;

namespace OrleansGov.Checkpoints;

/// <summary>
/// A store that hands every call to <paramref name="inner"/>; a subclass overrides the calls it watches
/// or changes (the bench stamps each tick's end at <see cref="WriteProgressAsync"/>; a test store fails
/// a restore on demand).
/// </summary>
public abstract class DelegatingCheckpointStore(ICheckpointStore inner) : ICheckpointStore
{
    public virtual string Where => inner.Where;

    public virtual Task WritePartAsync(string runId, int tick, string part, byte[] data) => inner.WritePartAsync(runId, tick, part, data);

    public virtual Task<byte[]?> ReadPartAsync(string runId, int tick, string part) => inner.ReadPartAsync(runId, tick, part);

    public virtual Task CommitAsync(string runId, CheckpointMeta meta) => inner.CommitAsync(runId, meta);

    public virtual Task<CheckpointMeta?> ReadCommitAsync(string runId, int tick) => inner.ReadCommitAsync(runId, tick);

    public virtual Task<int[]> CommittedTicksAsync(string runId) => inner.CommittedTicksAsync(runId);

    public virtual Task DeleteCheckpointAsync(string runId, int tick, IEnumerable<string> parts) => inner.DeleteCheckpointAsync(runId, tick, parts);

    public virtual Task WriteRunAsync(string runId, RunRecord record) => inner.WriteRunAsync(runId, record);

    public virtual Task<RunRecord?> ReadRunAsync(string runId) => inner.ReadRunAsync(runId);

    public virtual Task<long> NextGenerationAsync(string runId) => inner.NextGenerationAsync(runId);

    public virtual Task<long> CurrentGenerationAsync(string runId) => inner.CurrentGenerationAsync(runId);

    public virtual Task WriteProgressAsync(string runId, int ticksDone) => inner.WriteProgressAsync(runId, ticksDone);

    public virtual Task<int> ReadProgressAsync(string runId) => inner.ReadProgressAsync(runId);

    public virtual Task DeleteRunAsync(string runId) => inner.DeleteRunAsync(runId);

    public virtual Task DeleteCheckpointsAsync(string runId) => inner.DeleteCheckpointsAsync(runId);
}
