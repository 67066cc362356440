using Microsoft.Extensions.DependencyInjection;
using OrleansGov.Client.Bench;
using OrleansGov.Grains;

namespace OrleansGov.Tests.Bench;

/// <summary>
/// The bench times a silo without call filters (a filter wraps every call in an invoker that a real
/// run does not pay) and counts its grain calls from the runtime's meter instead (docs/PERFORMANCE.md,
/// round 10). The leaves' calls are counted exactly, with a filter, in <see cref="GrainCallCountTests"/>.
/// </summary>
public class GrainRequestMeterTests
{
    [Fact]
    public async Task The_bench_silo_has_no_call_filter_and_counts_each_call_it_serves()
    {
        await using var silo = await BenchSilo.StartAsync();
        await using var other = await BenchSilo.StartAsync();
        Assert.Empty(silo.Services.GetServices<IIncomingGrainCallFilter>());
        Assert.Empty(silo.Services.GetServices<IOutgoingGrainCallFilter>());
        var ping = silo.Client.GetGrain<IBenchPingGrain>(1);
        await ping.PingAsync(); // activated before counting
        long before = silo.Counter.Calls, otherBefore = other.Counter.Calls;

        for (int i = 0; i < 200; i++)
        {
            await ping.PingAsync();
        }
        long counted = silo.Counter.Calls - before, otherCounted = other.Counter.Calls - otherBefore;

        // Each call at least once; the silo's own background requests (membership, directory) in the same
        // moment are few. Another silo of the same process counts none of these calls.
        Assert.InRange(counted, 200, 230);
        Assert.InRange(otherCounted, 0, 30);
    }
}
