using OrleansGov.Checkpoints;
using OrleansGov.Runs;

namespace OrleansGov.Tests.Engine;

/// <summary>
/// A checkpoint store that fails once on demand: armed with <see cref="FailNextRestore"/>, the next
/// <see cref="NextGenerationAsync"/> — the first call of every restore — throws
/// <see cref="SiloUnavailableException"/>, as a restore that meets a dying silo does (CI saw it after a
/// graceful stop of the coordinator's silo). Everything else goes to <paramref name="inner"/>.
/// </summary>
internal sealed class FaultyCheckpointStore(ICheckpointStore inner) : DelegatingCheckpointStore(inner)
{
    public const string Injected = "injected: the restore met a dying silo";

    private int _armed;
    private int _fired;

    /// <summary>How many faults were thrown (a test checks its fault really happened).</summary>
    public int Fired => Volatile.Read(ref _fired);

    public void FailNextRestore() => Interlocked.Exchange(ref _armed, 1);

    public override Task<long> NextGenerationAsync(string runId)
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            Interlocked.Increment(ref _fired);
            throw new SiloUnavailableException(Injected);
        }
        return base.NextGenerationAsync(runId);
    }
}
