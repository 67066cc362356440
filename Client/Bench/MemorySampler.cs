using System.Diagnostics;

namespace OrleansGov.Client.Bench;

/// <summary>
/// Samples this process's working set every few milliseconds while a run goes on and keeps the
/// maximum: the peak working set of that run (the OS's PeakWorkingSet64 only ever grows, so it
/// cannot tell runs in one process apart).
/// </summary>
public sealed class MemorySampler : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _peak;

    public MemorySampler(int intervalMs = 20)
    {
        _peak = Current();
        _thread = new Thread(() =>
        {
            while (!_stop)
            {
                long ws = Current();
                if (ws > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, ws);
                Thread.Sleep(intervalMs);
            }
        }) { IsBackground = true, Name = "bench-memory-sampler" };
        _thread.Start();
    }

    public long Peak => Math.Max(Interlocked.Read(ref _peak), Current());

    public static long Current()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>Collects everything collectable and returns the memory to the OS, so the next run starts from a clean baseline.</summary>
    public static long Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return Current();
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
