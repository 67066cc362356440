using OrleansGov.Client.Bench;
using OrleansGov.Client.Commands;
using OrleansGov.Engine;
using OrleansGov.Runs;

namespace OrleansGov.Tests.Bench;

/// <summary>The bench silo's store stamps the end of every tick of a run, in order, and nothing for another run.</summary>
public class TickEndStampsTests
{
    [Fact]
    public async Task Every_tick_of_an_orleans_run_gets_an_end_in_tick_order()
    {
        await using var silo = await BenchSilo.StartAsync();
        var scenario = ScenarioInput.WithOverrides(ScenarioInput.TryLoad("small", out string? error)!, null, 4, out _);
        Assert.Null(error);

        var outcome = await new OrleansEngine(silo.Client).RunAsync("stamps-1", scenario, null, CancellationToken.None);

        Assert.Equal(RunStatus.Completed, outcome.Status);
        var ends = silo.TickEnds.Ends("stamps-1", 4);
        Assert.All(ends, e => Assert.NotNull(e));
        Assert.Equal(ends.Order(), ends);
        Assert.All(silo.TickEnds.Ends("another-run", 4), e => Assert.Null(e));
    }
}
