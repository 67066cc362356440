namespace OrleansGov.Engine;

/// <summary>
/// Runs a reference-engine loop on a thread of its own, outside the thread pool. The loop steps its
/// partitions with <see cref="Parallel.For(int, int, Action{int})"/> every tick; run on a pool thread,
/// it starved the pool's global queue for as long as the run lasted — measured on 2 cores: the pool stuck
/// at 3 threads and 2 work items (a test's <c>Task.Delay</c> continuation among them) pending for 45 s,
/// while 3,000 ticks a second went by. In a silo that queue carries Orleans' own work (polls of the run,
/// membership probes); in the CLI, progress and file writes. Called from a thread outside the pool, each
/// tick's parallel work is queued globally and takes its turn with the rest.
/// </summary>
public static class OwnThread
{
    /// <summary>Starts <paramref name="loop"/> on a new thread; the task completes with its result.</summary>
    public static Task<T> Run<T>(Func<T> loop) =>
        Task.Factory.StartNew(loop, CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
}
