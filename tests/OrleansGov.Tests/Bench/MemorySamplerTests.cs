using System.Diagnostics;
using OrleansGov.Client.Bench;

namespace OrleansGov.Tests.Bench;

/// <summary>The sampler's cheap reading is the same quantity as the working set .NET reports.</summary>
public class MemorySamplerTests
{
    [Fact]
    public void Current_is_the_process_working_set()
    {
        // Hold 64 MB resident around both readings, so an off-by-a-unit reading (pages vs bytes, the wrong field) cannot pass.
        var block = new byte[64 << 20];
        Array.Fill(block, (byte)1);
        long sampled = MemorySampler.Current();
        long reported;
        using (var process = Process.GetCurrentProcess())
        {
            reported = process.WorkingSet64;
        }
        GC.KeepAlive(block);
        Assert.True(sampled > 64L << 20, $"sampled {sampled} B, below the 64 MB just touched");
        // Other test threads allocate between the two readings: agree within 10 %.
        Assert.InRange(sampled, reported * 0.9, reported * 1.1);
    }
}
