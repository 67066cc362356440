using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;
using OrleansGov.Ensemble;
using OrleansGov.Grains;
using OrleansGov.Runs;
using OrleansGov.Tests.Engine;
using Xunit.Abstractions;

namespace OrleansGov.Tests.Experiments;

/// <summary>
/// A silo busy with as many endless ensemble runs as it has cores (what the dispatcher sends it by default:
/// <c>BatchEngine.DefaultParallel</c> is every core of every silo) still answers its other grains, the polls of
/// its runs and the cluster's membership — while every run is still going, so the answers did not wait for
/// the runs to end (each run is ~5 min of CPU: <see cref="EnsembleRunStopTests.EndlessTicks"/>). Before
/// a4dc084 each run's loop, and its Parallel.For every tick, ran on a pool thread and starved the pool's
/// global queue, where the silo's grain calls wait their turn.
/// </summary>
public sealed class EnsembleSiloResponsivenessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TwoSilos _silos = new();

    private InProcessTestCluster Cluster => _silos.Cluster;

    public Task InitializeAsync() => _silos.InitializeAsync();

    public Task DisposeAsync() => _silos.DisposeAsync();

    [Fact]
    public async Task A_silo_running_one_endless_run_per_core_answers_a_grain_call_every_poll_and_membership()
    {
        var busy = Cluster.Silos[0];
        int cores = Environment.ProcessorCount;
        var grains = new List<IEnsembleRunGrain>();
        var runs = new List<EnsembleRun>();
        var pending = new PendingWork();
        try
        {
            for (int i = 0; i < cores; i++)
            {
                var grain = Cluster.Client.GetGrain<IEnsembleRunGrain>($"busy/{i}/attempt-1");
                grains.Add(grain);
                await OnAsync(busy, () => grain.StartAsync(EnsembleRunStopTests.Endless()));
            }
            runs.AddRange(busy.ServiceProvider.GetRequiredService<EnsembleRuns>().Running.Where(r => r.Value.StartsWith("busy/", StringComparison.Ordinal)).Select(r => r.Key));
            Assert.Equal(cores, runs.Count);
            foreach (var run in runs)
            {
                await EnsembleRunStopTests.UnderWayAsync(run);
            }
            int ticksBefore = runs.Sum(r => r.Ticks);
            pending.Start();

            // Another grain on the busy silo (a fresh activation: placed, activated and called there).
            var other = Cluster.Client.GetGrain<IEnsembleRunGrain>("busy/other");
            var host = await OnAsync(busy, other.HostAsync);
            Assert.Equal(busy.SiloAddress.ToParsableString(), host.Silo);
            // Every run's poll, answered with its rows so far.
            foreach (var grain in grains)
            {
                var progress = await grain.PollAsync(0);
                Assert.Equal(RunStatus.Running, progress.Status);
                Assert.NotEmpty(progress.Rows);
            }
            // Membership: both silos still active, asked through the busy one's management grain too.
            var hosts = await Cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(2, hosts.Count);

            var seen = pending.Stop();
            int ticksDuring = runs.Sum(r => r.Ticks) - ticksBefore;
            output.WriteLine($"{cores} runs on {cores} cores: answered while the runs did {ticksDuring} ticks between them; pool while answering: {seen}");
            // The answers came while the runs went on: none of them ended (nor was stopped) meanwhile.
            Assert.All(runs, run => Assert.Equal((RunStatus.Running, EnsembleStop.None), (run.Progress(int.MaxValue).Status, run.StopReason)));
        }
        finally
        {
            pending.Stop();
            foreach (var run in runs)
            {
                run.Cancel();
            }
            await Task.WhenAll(runs.Select(r => r.Ended)).WaitAsync(TimeSpan.FromMinutes(5));
        }
    }

    private static async Task<T> OnAsync<T>(InProcessSiloHandle silo, Func<Task<T>> call)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo.SiloAddress);
        try
        {
            return await call();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    /// <summary>A fresh 2-silo cluster for this test alone (its runs load one silo on purpose).</summary>
    private sealed class TwoSilos() : ClusterFixture(2);

    /// <summary>Samples the pool (pending work items, threads) on a thread of its own while the calls are made — a figure for the report, asserted nowhere.</summary>
    private sealed class PendingWork
    {
        private Thread? _thread;
        private volatile bool _stop;
        private long _maxPending;
        private int _maxThreads;
        private int _samples;

        public void Start()
        {
            _thread = new Thread(() =>
            {
                while (!_stop)
                {
                    _maxPending = Math.Max(_maxPending, ThreadPool.PendingWorkItemCount);
                    _maxThreads = Math.Max(_maxThreads, ThreadPool.ThreadCount);
                    _samples++;
                    Thread.Sleep(5);
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public string Stop()
        {
            _stop = true;
            _thread?.Join();
            return $"at most {_maxPending} work items pending and {_maxThreads} threads ({_samples} samples)";
        }
    }
}
