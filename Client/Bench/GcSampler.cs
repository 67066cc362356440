using System.Diagnostics;

namespace OrleansGov.Client.Bench;

/// <summary>
/// The process's collection counters at one moment (<see cref="Stopwatch"/> timestamp): collections
/// of each generation so far (<see cref="GC.CollectionCount"/>, each counting the older generations'
/// collections too, as the runtime does) and the total time the GC has paused the program
/// (<see cref="GC.GetTotalPauseDuration"/>).
/// </summary>
public readonly record struct GcSample(long Timestamp, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcSample Now() => new(Stopwatch.GetTimestamp(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
}

/// <summary>
/// Watches the GC while a run goes on: every <c>intervalMs</c> it reads the collection counters and keeps
/// a sample whenever a collection has happened since the last one, so each collection is placed in
/// time to within the interval (a blocking collection suspends this thread too: the sample lands just
/// after it ends). <see cref="TickTimeline"/> places the samples in the run's ticks.
/// </summary>
public sealed class GcSampler : IDisposable
{
    private readonly Thread _thread;
    private readonly List<GcSample> _samples = new();
    private readonly Lock _gate = new();
    private volatile bool _stop;

    public GcSampler(int intervalMs = 2)
    {
        _samples.Add(GcSample.Now());
        _thread = new Thread(() =>
        {
            while (!_stop)
            {
                Thread.Sleep(intervalMs);
                TakeIfChanged();
            }
        }) { IsBackground = true, Name = "bench-gc-sampler" };
        _thread.Start();
    }

    /// <summary>The samples so far: the first at the start, then one after each collection (or group of collections within an interval).</summary>
    public IReadOnlyList<GcSample> Samples
    {
        get
        {
            TakeIfChanged();
            lock (_gate)
            {
                return _samples.ToArray();
            }
        }
    }

    private void TakeIfChanged()
    {
        int gen0 = GC.CollectionCount(0); // counts every collection, whatever its generation
        lock (_gate)
        {
            if (gen0 != _samples[^1].Gen0)
            {
                _samples.Add(GcSample.Now());
            }
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
