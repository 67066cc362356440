using OrleansGov.Checkpoints;
using OrleansGov.Runs;

namespace OrleansGov.Tests.Engine;

/// <summary>
/// A checkpoint store that fails once on demand: armed with <see cref="FailNextRestore"/>, the next
/// <see cref="NextGenerationAsync"/> — the first call of every restore — throws
/// <see cref="SiloUnavailableException"/>, as a restore that meets a dying silo does (CI saw it after a
/// graceful stop of the coordinator's silo). Everything else goes to <paramref name="inner"/>.
/// </summary>
internal sealed class FaultyCheckpointStore(ICheckpointStore inner) : ICheckpointStore
{
    public const string Injected = "injected: the restore met a dying silo";

    private int _armed;
    private int _fired;

    /// <summary>How many faults were thrown (a test checks its fault really happened).</summary>
    public int Fired => Volatile.Read(ref _fired);

    public void FailNextRestore() => Interlocked.Exchange(ref _armed, 1);

    public Task<long> NextGenerationAsync(string runId)
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            Interlocked.Increment(ref _fired);
            throw new SiloUnavailableException(Injected);
        }
        return inner.NextGenerationAsync(runId);
    }

    public string Where => inner.Where;

    public Task WritePartAsync(string runId, int tick, string part, byte[] data) => inner.WritePartAsync(runId, tick, part, data);

    public Task<byte[]?> ReadPartAsync(string runId, int tick, string part) => inner.ReadPartAsync(runId, tick, part);

    public Task CommitAsync(string runId, CheckpointMeta meta) => inner.CommitAsync(runId, meta);

    public Task<CheckpointMeta?> ReadCommitAsync(string runId, int tick) => inner.ReadCommitAsync(runId, tick);

    public Task<int[]> CommittedTicksAsync(string runId) => inner.CommittedTicksAsync(runId);

    public Task DeleteCheckpointAsync(string runId, int tick, IEnumerable<string> parts) => inner.DeleteCheckpointAsync(runId, tick, parts);

    public Task WriteRunAsync(string runId, RunRecord record) => inner.WriteRunAsync(runId, record);

    public Task<RunRecord?> ReadRunAsync(string runId) => inner.ReadRunAsync(runId);

    public Task<long> CurrentGenerationAsync(string runId) => inner.CurrentGenerationAsync(runId);

    public Task WriteProgressAsync(string runId, int ticksDone) => inner.WriteProgressAsync(runId, ticksDone);

    public Task<int> ReadProgressAsync(string runId) => inner.ReadProgressAsync(runId);

    public Task DeleteRunAsync(string runId) => inner.DeleteRunAsync(runId);
}
