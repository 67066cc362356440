using OrleansGov.Engine;
using OrleansGov.Model;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Scenarios;

/// <summary>What the loader accepts, the model can build: shipped scenarios become worlds, and the small one runs.</summary>
public class ScenarioEngineSmokeTests
{
    [Theory]
    [InlineData("three-provinces")]
    [InlineData("national")]
    [InlineData("small")]
    public void Shipped_scenarios_build_a_world(string preset)
    {
        var scenario = ScenarioLoader.Load(preset);
        var world = new World(scenario);
        Assert.Equal(scenario.Provinces.Length, world.ProvinceCount);
        Assert.True(world.AgentCount > scenario.Provinces.Sum(p => p.Counties));
    }

    [Fact]
    public async Task Small_runs_to_completion_on_the_reference_engine()
    {
        var scenario = ScenarioLoader.Load("small");
        var outcome = await new ReferenceEngine().RunAsync("smoke", scenario, null, CancellationToken.None);
        Assert.Equal(RunStatus.Completed, outcome.Status);
        Assert.Null(outcome.Error);
    }
}
