using OrleansGov.Checkpoints;
using OrleansGov.Engine;
using OrleansGov.Model;
using OrleansGov.Model.Outputs;
using OrleansGov.Outputs;
using OrleansGov.Runs;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Engine;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Outputs;

/// <summary>Declared outputs on the reference engine: what is due when, that they change nothing, that their values are right, and forks.</summary>
public sealed class ReferenceOutputsTests
{
    [Fact]
    public async Task Declaring_outputs_changes_no_metric_and_no_declaration_collects_nothing()
    {
        var plain = await EngineAssert.ReferenceAsync(TestScenarios.Rich(seed: 17));
        var (withOutputs, outputs) = await OutputsAssert.ReferenceAsync(OutputsAssert.Rich());
        var (_, none) = await OutputsAssert.ReferenceAsync(TestScenarios.Rich(seed: 17));

        EngineAssert.SameRows(plain.Metrics, withOutputs.Metrics);
        OutputsAssert.NotTrivial(outputs);
        Assert.Empty(none);
    }

    [Fact]
    public async Task Outputs_come_at_the_end_of_each_period_with_one_row_per_county_city_and_agent()
    {
        var scenario = TestScenarios.Small(ticks: 23) with
        {
            Outputs = new OutputSpec(new SeriesOutput(["county", "city"], ["cloud_adoption"], 4), new SnapshotOutput(["department", "citizen-group"], 10)),
        };
        var world = new World(scenario);
        var governments = Enumerable.Range(0, world.ProvinceCount).SelectMany(world.GovernmentsOf).ToArray();

        var (_, outputs) = await OutputsAssert.ReferenceAsync(scenario);

        Assert.Equal([3, 7, 9, 11, 15, 19], outputs.Select(t => t.Tick));
        foreach (var tick in outputs)
        {
            bool series = tick.Tick % 4 == 3, snapshots = tick.Tick % 10 == 9;
            Assert.Equal(series ? governments.Where(g => g.Level is GovernmentLevel.County or GovernmentLevel.City) : [], tick.Series.Select(r => r.Government));
            Assert.Equal(snapshots ? world.AllAgents().Where(a => a.Kind is AgentKind.Department or AgentKind.CitizenGroup) : [], tick.Snapshots.Select(r => r.Agent));
        }
    }

    /// <summary>
    /// The series and the snapshots are made in different places (subtree tallies, agents' own state):
    /// a county's and a city's cloud adoption must equal the migrated share of the systems of the
    /// departments under them, read from the department snapshots of the same tick.
    /// </summary>
    [Fact]
    public async Task County_and_city_adoption_equal_what_their_departments_snapshots_say()
    {
        var scenario = OutputsAssert.Rich() with { Outputs = OutputsAssert.Everything(1, 1) };
        var columns = OutputCatalog.SnapshotColumns(AgentKind.Department);
        int systems = columns.ToList().IndexOf("systems"), migrated = columns.ToList().IndexOf("migrated");

        var (_, outputs) = await OutputsAssert.ReferenceAsync(scenario);

        int checkedRows = 0;
        foreach (var tick in outputs.Where(t => t.Tick % 9 == 8))
        {
            var departments = tick.Snapshots.Where(r => r.Agent.Kind == AgentKind.Department).ToArray();
            foreach (var row in tick.Series)
            {
                var mine = departments.Where(d => row.Government.Contains(d.Agent)).ToArray();
                double expected = mine.Sum(d => d.Values[migrated]) / mine.Sum(d => d.Values[systems]);
                Assert.Equal(expected, row.Values[0], 12);
                checkedRows++;
            }
        }
        Assert.True(checkedRows > 50, $"{checkedRows} rows checked");
        Assert.Contains(outputs[^1].Series, r => r.Values[0] > 0);
    }

    [Fact]
    public async Task A_fork_from_a_checkpoint_makes_the_same_outputs_from_its_tick_on()
    {
        var scenario = OutputsAssert.Small(ticks: 40);
        var taken = new List<RunCheckpoint>();
        var (_, original) = await OutputsAssert.ReferenceAsync(scenario, new RunPlan { CheckpointEvery = 13, Export = c => { taken.Add(c); return Task.CompletedTask; } });

        foreach (var checkpoint in taken)
        {
            var (fork, outputs) = await OutputsAssert.ReferenceAsync(scenario, new RunPlan { From = checkpoint });
            Assert.Equal(RunStatus.Completed, fork.Status);
            OutputsAssert.Same([.. original.Where(t => t.Tick >= checkpoint.Meta.Tick)], outputs);
        }
    }

    [Fact]
    public void A_fork_may_declare_other_outputs_than_its_checkpoint()
    {
        var scenario = OutputsAssert.Small(ticks: 40);
        var simulation = new ReferenceSimulation(scenario);
        for (int t = 0; t < 10; t++) simulation.Step(t);
        var checkpoint = Checkpoint.Assemble(10, scenario, [], [], simulation.Capture());

        Assert.Null(Checkpoint.Mismatch(checkpoint.Meta, scenario with { Outputs = OutputSpec.None }));
        Assert.NotNull(Checkpoint.Mismatch(checkpoint.Meta, scenario with { Seed = 99 }));
    }
}
