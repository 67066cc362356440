using OrleansGov.Engine;

namespace OrleansGov.Tests.Engine;

/// <summary>The silo count recorded with a finished run never fails the run.</summary>
public class SiloCountTests
{
    [Fact]
    public async Task A_silo_count_that_times_out_is_retried_then_unknown()
    {
        int calls = 0;
        int silos = await OrleansEngine.CountSilosAsync(() => { calls++; return Task.FromException<int>(new TimeoutException("busy")); });
        Assert.Equal((0, 3), (silos, calls));
    }

    [Fact]
    public async Task A_silo_count_that_answers_late_is_kept()
    {
        int calls = 0;
        int silos = await OrleansEngine.CountSilosAsync(() => ++calls < 2 ? Task.FromException<int>(new TimeoutException("busy")) : Task.FromResult(3));
        Assert.Equal((3, 2), (silos, calls));
    }
}
