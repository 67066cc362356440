using OrleansGov.Engine;
using OrleansGov.Grains;
using OrleansGov.Runs;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Engine;

[Collection(ThreeSiloCollection.Name)]
public sealed class ThreeSiloEngineTests(ThreeSiloFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    /// <summary>Two and six provinces: with six, the nation's window of <c>ProvinceWindow</c> (4) provinces slides across silos.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public async Task Orleans_engine_on_three_silos_matches_the_reference_engine_and_the_oracle_tick_by_tick(int provinces)
    {
        var scenario = provinces == 6 ? TestScenarios.SixProvinces() : TestScenarios.Small();
        var reference = await EngineAssert.ReferenceAsync(scenario);
        EngineAssert.NotTrivial(reference.Metrics);
        EngineAssert.SameRows(NaiveEngine.Run(scenario), reference.Metrics);

        var outcome = await new OrleansEngine(_client).RunAsync(EngineAssert.NewRunId("equal3"), scenario, null, CancellationToken.None);

        Assert.Equal(RunStatus.Completed, outcome.Status);
        Assert.Equal(3, outcome.SiloCount);
        EngineAssert.SameRows(reference.Metrics, outcome.Metrics);
    }

    [Fact]
    public async Task Orleans_engine_on_three_silos_matches_the_reference_engine_on_six_provinces_with_model_2_mechanisms()
    {
        var scenario = TestScenarios.Rich(seed: 17);
        var reference = await EngineAssert.ReferenceAsync(scenario);

        var outcome = await new OrleansEngine(_client).RunAsync(EngineAssert.NewRunId("rich3"), scenario, null, CancellationToken.None);

        Assert.Equal(RunStatus.Completed, outcome.Status);
        Assert.Equal(3, outcome.SiloCount);
        EngineAssert.SameRows(reference.Metrics, outcome.Metrics);
    }

    [Fact]
    public async Task A_run_spreads_its_governments_over_several_silos()
    {
        var coordinator = _client.GetGrain<IRunCoordinatorGrain>(EngineAssert.NewRunId("spread"));

        await coordinator.StartAsync(TestScenarios.Small(ticks: 2000));
        await using var cancel = EngineAssert.CancelOnExit(coordinator);
        await EngineAssert.WaitForAsync(coordinator, i => i.TicksDone >= 2);
        var silosWithGovernments = (await _client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains("GovernmentGrain", StringComparison.Ordinal) && s.ActivationCount > 0)
            .Select(s => s.SiloAddress)
            .Distinct()
            .Count();
        await coordinator.CancelAsync();
        var info = await EngineAssert.WaitForEndAsync(coordinator);

        Assert.True(silosWithGovernments >= 2, $"Governments were active on {silosWithGovernments} silo(s).");
        Assert.Equal(RunStatus.Cancelled, info.Status);
    }

    [Fact]
    public async Task Two_runs_at_once_on_three_silos_do_not_interfere()
    {
        var scenario = TestScenarios.Small();
        var reference = await EngineAssert.ReferenceAsync(scenario);
        var engine = new OrleansEngine(_client);

        var outcomes = await Task.WhenAll(
            engine.RunAsync(EngineAssert.NewRunId("twin3-a"), scenario, null, CancellationToken.None),
            engine.RunAsync(EngineAssert.NewRunId("twin3-b"), scenario, null, CancellationToken.None));

        Assert.All(outcomes, o => EngineAssert.SameRows(reference.Metrics, o.Metrics));
    }
}
