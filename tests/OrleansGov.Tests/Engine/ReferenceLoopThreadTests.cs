using OrleansGov.Engine;
using OrleansGov.Ensemble;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Engine;

/// <summary>
/// The reference engine's loop calls Parallel.For every tick; on a pool thread that starved the pool's
/// global queue for the whole run (<see cref="OwnThread"/>: on 2 cores a test's Task.Delay never came back
/// during a 1,000,000-tick run, so it could not cancel it). Every reference loop — a whole run, a fork from
/// a checkpoint, a shared prefix — runs on a thread of its own. (The behaviour it protects is in
/// <c>EnsembleRunStopTests</c>, which failed on its own before: "stopped for None … Completed after 1000000
/// of 1000000 ticks".)
/// </summary>
public sealed class ReferenceLoopThreadTests
{
    [Fact]
    public async Task A_reference_run_steps_outside_the_thread_pool_and_so_does_its_export_and_outputs_path()
    {
        var scenario = ScenarioLoader.Load("three-provinces") with { Ticks = 4 };
        var threads = new ThreadsSeen();
        var plan = new RunPlan { CheckpointEvery = 2, Export = _ => Task.Delay(1) };

        var outcome = await new ReferenceEngine().RunAsync("own-thread", scenario, plan, threads, CancellationToken.None);

        Assert.Equal(RunStatus.Completed, outcome.Status);
        Assert.Equal(4, threads.Ticks);
        // After an export that really awaited (Task.Delay), the loop still reports from its own thread.
        Assert.False(threads.OnPool, "a reference run reported a tick from a thread-pool thread");
    }

    [Fact]
    public async Task A_shared_prefix_steps_outside_the_thread_pool()
    {
        var scenario = ScenarioLoader.Load("three-provinces") with { Ticks = 6 };
        var threads = new ThreadsSeen();

        var checkpoint = await ReferencePrefix.RunAsync(scenario, 3, rows => threads.Report(new TickMetrics("prefix", 0, 6, rows)), CancellationToken.None);

        Assert.NotNull(checkpoint);
        Assert.Equal(3, threads.Ticks);
        Assert.False(threads.OnPool, "a shared prefix reported a tick from a thread-pool thread");
    }

    /// <summary>Records, synchronously on the reporting thread, whether any tick came from a pool thread.</summary>
    private sealed class ThreadsSeen : IProgress<TickMetrics>
    {
        public int Ticks;
        public bool OnPool;

        public void Report(TickMetrics value)
        {
            Ticks++;
            OnPool |= Thread.CurrentThread.IsThreadPoolThread;
        }
    }
}
