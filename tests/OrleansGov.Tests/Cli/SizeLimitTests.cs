using OrleansGov.Client;
using OrleansGov.Engine;
using OrleansGov.Model;
using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Cli;

/// <summary>Issue 14 item 8: agents are counted by arithmetic, and a model too large for its limits is refused before anything is built.</summary>
public sealed class SizeLimitTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Out => _dir.Combine("results");

    [Theory]
    [InlineData("small")]
    [InlineData("three-provinces")]
    [InlineData("national")]
    [InlineData("authority")]
    public void The_arithmetic_count_equals_the_built_world(string preset)
    {
        var scenario = ScenarioLoader.Load(preset);
        Assert.Equal(new World(scenario).AgentCount, ModelSize.Agents(scenario));
    }

    /// <summary>Before: validate built the world's lists (59 s and 5.2 GB for 200 million counties) and said "valid".</summary>
    [Fact]
    public async Task Validate_counts_a_huge_scenario_without_building_it_and_refuses_it()
    {
        string file = _dir.Write("huge.yaml", "name: huge\nprovinces:\n  - { name: vast, cities: 16000, counties: 200000000 }\n");

        var result = await CliHarness.RunAsync("validate", file);

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains("2,200,144,041 agents", result.Error);
        Assert.Contains("--max-agents", result.Error);
    }

    [Fact]
    public async Task Run_refuses_more_agents_than_max_agents_and_writes_nothing()
    {
        var result = await CliHarness.RunAsync("run", "small", "--engine", "reference", "--max-agents", "100", "--out", Out);

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains("111 agents, more than the limit of 100", result.Error);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task Run_refuses_a_model_whose_memory_estimate_exceeds_the_machine()
    {
        // 9.9 million agents: under the default cap, but ~65 GB for the Orleans engine on a 24 GB machine.
        string file = _dir.Write("big.yaml", "name: big\ndepartments: [a, b, c, d, e, f, g, h]\nprovinces:\n  - { name: big, cities: 1000, counties: 900000 }\n");
        long agents = ModelSize.Agents(ScenarioLoader.Load(file));
        Assert.InRange(agents, 9_000_000, AdmissionLimits.DefaultMaxAgents);
        Assert.True(ModelSize.EstimatedBytes(agents, "orleans") > ModelSize.AvailableMemoryBytes(), "this test assumes a machine with less than ~65 GB free");

        var result = await CliHarness.RunAsync("run", file, "--out", Out);

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains("would need about", result.Error);
        Assert.Contains("available", result.Error);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void Concurrent_runs_multiply_the_estimate_and_a_remote_cluster_only_has_the_cap()
    {
        var scenario = ScenarioLoader.Load("national");
        long one = ModelSize.Check(scenario, "orleans", new AdmissionLimits(long.MaxValue, null)).EstimatedBytes;
        var four = ModelSize.Check(scenario, "orleans", new AdmissionLimits(long.MaxValue, 3 * one), concurrentRuns: 4);
        Assert.False(four.Admitted);
        Assert.True(ModelSize.Check(scenario, "orleans", new AdmissionLimits(long.MaxValue, null), concurrentRuns: 4).Admitted);
    }
}
