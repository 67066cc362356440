using System.Diagnostics;
using Orleans.Placement;
using OrleansGov.Grains;

namespace OrleansGov.Engine;

/// <summary>The no-op grain behind the bench's runtime ceiling.</summary>
[PreferLocalPlacement]
public sealed class BenchPingGrain : Grain, IBenchPingGrain
{
    public Task PingAsync() => Task.CompletedTask;
}

/// <summary>A caller of the bench's runtime ceiling: rounds of concurrent no-op calls to its own ping grains.</summary>
[PreferLocalPlacement]
public sealed class BenchCallerGrain : Grain, IBenchCallerGrain
{
    public async Task<long> CallForAsync(TimeSpan duration, int fanOut)
    {
        long first = this.GetPrimaryKeyLong() * fanOut;
        var pings = new IBenchPingGrain[fanOut];
        for (int i = 0; i < fanOut; i++) pings[i] = GrainFactory.GetGrain<IBenchPingGrain>(first + i);
        var round = new Task[fanOut];
        var clock = Stopwatch.StartNew();
        long calls = 0;
        while (clock.Elapsed < duration)
        {
            for (int i = 0; i < fanOut; i++) round[i] = pings[i].PingAsync();
            await Task.WhenAll(round);
            calls += fanOut;
        }
        return calls;
    }
}
