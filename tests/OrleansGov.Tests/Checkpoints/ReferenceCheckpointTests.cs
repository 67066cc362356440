using OrleansGov.Checkpoints;
using OrleansGov.Engine;
using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Runs;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Engine;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Checkpoints;

/// <summary>
/// Snapshot completeness, proven on the reference engine: for every agent kind and several presets,
/// capture at tick T, restore into fresh agents, continue — equals the uninterrupted run.
/// </summary>
public sealed class ReferenceCheckpointTests
{
    public static TheoryData<string, int, int> Presets => new()
    {
        { "small", 60, 13 },
        { "small", 60, 1 },
        { "three-provinces", 40, 26 },
        { "authority", 30, 17 },
        { "cooperative", 30, 9 },
    };

    [Theory]
    [MemberData(nameof(Presets))]
    public void Capture_restore_continue_equals_the_uninterrupted_run(string preset, int ticks, int at)
    {
        var scenario = ScenarioLoader.Load(preset) with { Ticks = ticks };
        var uninterrupted = Run(new ReferenceSimulation(scenario), 0, ticks);

        var first = new ReferenceSimulation(scenario);
        var before = Run(first, 0, at);
        var parts = first.Capture();
        var restored = ReferenceSimulation.Restore(scenario, parts.Select(p => CheckpointPart.FromBytes(p.ToBytes())).ToArray());
        var after = Run(restored, at, ticks);

        EngineAssert.SameRows(uninterrupted, [.. before, .. after]);
        Assert.Contains(parts.SelectMany(p => p.Mail), e => e.From != AgentId.Environment);
    }

    [Fact]
    public void A_checkpoint_holds_every_agent_of_every_kind_and_recaptures_to_the_same_bytes()
    {
        var scenario = TestScenarios.Small(ticks: 30);
        var simulation = new ReferenceSimulation(scenario);
        Run(simulation, 0, 20);
        var parts = simulation.Capture();

        var world = new World(scenario);
        Assert.Equal(world.AllAgents().Select(a => a.Value).Order(), parts.SelectMany(p => p.Agents).Select(a => a.Id.Value).Order());
        Assert.Equal(Enum.GetValues<AgentKind>().Where(k => k != AgentKind.Environment).Order(),
            parts.SelectMany(p => p.Agents).Select(a => a.Id.Kind).Distinct().Order());

        var again = ReferenceSimulation.Restore(scenario, parts).Capture();
        Assert.Equal(parts.Select(p => p.ToBytes()), again.Select(p => p.ToBytes()));
    }

    [Fact]
    public async Task The_reference_engine_takes_checkpoints_and_a_run_from_any_of_them_ends_as_the_original()
    {
        var scenario = TestScenarios.Small(ticks: 40);
        var taken = new List<RunCheckpoint>();
        var plan = new RunPlan { CheckpointEvery = 13, Export = c => { taken.Add(RoundTrip(c)); return Task.CompletedTask; } };

        var original = await new ReferenceEngine().RunAsync("original", scenario, plan, null, CancellationToken.None);

        Assert.Equal(RunStatus.Completed, original.Status);
        Assert.Equal([13, 26, 39], taken.Select(c => c.Meta.Tick));
        Assert.Equal([13, 26, 39], original.Checkpoints.Select(c => c.Tick));
        Assert.All(original.Checkpoints, c => Assert.True(c.Bytes > 1000));
        foreach (var checkpoint in taken)
        {
            var fork = await new ReferenceEngine().RunAsync("fork", scenario, new RunPlan { From = checkpoint }, null, CancellationToken.None);
            Assert.Equal(RunStatus.Completed, fork.Status);
            EngineAssert.SameRows(original.Metrics, fork.Metrics);
        }
    }

    [Fact]
    public void Another_seed_or_another_past_is_refused_naming_the_difference_while_a_new_future_is_accepted()
    {
        var scenario = TestScenarios.Small(ticks: 40);
        var simulation = new ReferenceSimulation(scenario);
        var rows = Run(simulation, 0, 20);
        var checkpoint = RoundTrip(Checkpoint.Assemble(20, scenario, rows, [], simulation.Capture()));

        Assert.Equal(scenario.Timeline, checkpoint.Meta.Scenario.Timeline);
        Assert.Null(Checkpoint.Mismatch(checkpoint.Meta, scenario));
        Assert.Null(Checkpoint.Mismatch(checkpoint.Meta, scenario with
        {
            Ticks = 60,
            Timeline = [.. scenario.Timeline.Where(e => e.Tick < 20), new Intervention(22, InterventionKind.SetLever, Lever: "accountability", Value: 0.9)],
        }));
        Assert.Contains("seed", Checkpoint.Mismatch(checkpoint.Meta, scenario with { Seed = 8 }));
        Assert.Contains("timeline before tick 20", Checkpoint.Mismatch(checkpoint.Meta, scenario with { Timeline = scenario.Timeline[1..] }));
        Assert.Contains("levers", Checkpoint.Mismatch(checkpoint.Meta, scenario with { Levers = scenario.Levers with { Linkage = 0.1 } }));
        Assert.Contains("OrleansGov 0.0.1-other", Checkpoint.Mismatch(checkpoint.Meta with { CodeVersion = "0.0.1-other" }, scenario));
        Assert.Contains("layout", Checkpoint.Mismatch(checkpoint.Meta with { SchemaHash = "0000" }, scenario));
        Assert.Contains("20 ticks", Checkpoint.Mismatch(checkpoint.Meta, scenario with { Ticks = 20 }));
    }

    [Fact]
    public void A_damaged_or_truncated_checkpoint_file_is_refused_with_a_reason()
    {
        var scenario = TestScenarios.Small(ticks: 10);
        var simulation = new ReferenceSimulation(scenario);
        var rows = Run(simulation, 0, 5);
        using var stream = new MemoryStream();
        Checkpoint.WriteFile(stream, Checkpoint.Assemble(5, scenario, rows, [], simulation.Capture()));
        var bytes = stream.ToArray();

        var truncated = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadFile(new MemoryStream(bytes[..(bytes.Length / 2)])));
        Assert.Contains("truncated", truncated.Message);
        var damaged = (byte[])bytes.Clone();
        damaged[^20] ^= 0xFF;
        Assert.Throws<InvalidDataException>(() => Checkpoint.ReadFile(new MemoryStream(damaged)));
        Assert.Contains("not an OrleansGov checkpoint", Assert.Throws<InvalidDataException>(() => Checkpoint.ReadFile(new MemoryStream("hello"u8.ToArray()))).Message);
    }

    internal static RunCheckpoint RoundTrip(RunCheckpoint checkpoint)
    {
        using var stream = new MemoryStream();
        Checkpoint.WriteFile(stream, checkpoint);
        stream.Position = 0;
        return Checkpoint.ReadFile(stream);
    }

    private static List<ScopeMetrics> Run(ReferenceSimulation simulation, int from, int to)
    {
        var rows = new List<ScopeMetrics>();
        for (int tick = from; tick < to; tick++) rows.AddRange(simulation.Step(tick));
        return rows;
    }
}
