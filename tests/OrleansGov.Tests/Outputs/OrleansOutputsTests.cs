using OrleansGov.Checkpoints;
using OrleansGov.Engine;
using OrleansGov.Outputs;
using OrleansGov.Runs;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Engine;

namespace OrleansGov.Tests.Outputs;

/// <summary>The Orleans engine's declared outputs equal the reference engine's, row for row and Parquet byte for byte.</summary>
internal static class OrleansOutputs
{
    public static async Task<(RunOutcome Outcome, List<TickOutputs> Outputs)> RunAsync(IClusterClient client, Scenario scenario, RunPlan? plan = null)
    {
        var outputs = new List<TickOutputs>();
        var outcome = await new OrleansEngine(client).RunAsync(EngineAssert.NewRunId("outputs"), scenario, OutputsAssert.Collecting(outputs, plan), null, CancellationToken.None);
        Assert.Equal(RunStatus.Completed, outcome.Status);
        return (outcome, outputs);
    }

    public static async Task SameAsReferenceAsync(IClusterClient client, Scenario scenario, int silos)
    {
        var (reference, expected) = await OutputsAssert.ReferenceAsync(scenario);
        OutputsAssert.NotTrivial(expected);

        var (outcome, actual) = await RunAsync(client, scenario);

        Assert.Equal(silos, outcome.SiloCount);
        EngineAssert.SameRows(reference.Metrics, outcome.Metrics);
        OutputsAssert.Same(expected, actual);
        for (int i = 0; i < expected.Count; i += 7)
        {
            var want = await OutputsAssert.ParquetAsync(scenario, expected[i]);
            var got = await OutputsAssert.ParquetAsync(scenario, actual[i]);
            Assert.Equal(want.Select(f => f.Dataset), got.Select(f => f.Dataset));
            Assert.Equal(want.Select(f => f.Bytes), got.Select(f => f.Bytes));
        }
    }
}

[Collection(OneSiloCollection.Name)]
public sealed class OneSiloOutputsTests(OneSiloFixture fixture)
{
    [Fact]
    public Task Outputs_on_one_silo_equal_the_reference_engines() =>
        OrleansOutputs.SameAsReferenceAsync(fixture.Client, OutputsAssert.Small(), 1);

    [Fact]
    public async Task A_fork_on_the_orleans_engine_makes_the_reference_runs_outputs_from_its_tick_on()
    {
        var scenario = OutputsAssert.Small(ticks: 40);
        var taken = new List<RunCheckpoint>();
        var (_, original) = await OutputsAssert.ReferenceAsync(scenario, new RunPlan { CheckpointEvery = 17, Export = c => { taken.Add(c); return Task.CompletedTask; } });

        var (_, fork) = await OrleansOutputs.RunAsync(fixture.Client, scenario, new RunPlan { From = taken[0] });

        Assert.Equal(17, taken[0].Meta.Tick);
        OutputsAssert.Same([.. original.Where(t => t.Tick >= 17)], fork);
    }

    [Fact]
    public async Task A_run_that_nobody_collects_outputs_for_runs_as_before()
    {
        var scenario = OutputsAssert.Small(ticks: 30);
        var reference = await EngineAssert.ReferenceAsync(scenario);

        var outcome = await new OrleansEngine(fixture.Client).RunAsync(EngineAssert.NewRunId("uncollected"), scenario, null, CancellationToken.None);

        Assert.Equal(RunStatus.Completed, outcome.Status);
        EngineAssert.SameRows(reference.Metrics, outcome.Metrics);
    }
}

[Collection(ThreeSiloCollection.Name)]
public sealed class ThreeSiloOutputsTests(ThreeSiloFixture fixture)
{
    [Fact]
    public Task Outputs_on_three_silos_equal_the_reference_engines_on_six_provinces_with_model_2_mechanisms() =>
        OrleansOutputs.SameAsReferenceAsync(fixture.Client, OutputsAssert.Rich(), 3);
}
