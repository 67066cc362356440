using OrleansGov.Client;

namespace OrleansGov.Tests.Cli;

/// <summary>`presets` and `validate` on good input.</summary>
public sealed class CliVerbTests
{
    [Fact]
    public async Task Presets_lists_the_shipped_presets_with_descriptions()
    {
        var result = await CliHarness.RunAsync("presets");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        foreach (var preset in OrleansGov.Scenarios.ScenarioLoader.Presets())
        {
            Assert.Contains(preset.Name, result.Out);
        }
        Assert.Contains("three-provinces", result.Out);
        Assert.Contains("small", result.Out);
    }

    [Fact]
    public async Task Validate_prints_what_a_preset_would_simulate()
    {
        var result = await CliHarness.RunAsync("validate", "three-provinces");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var scenario = OrleansGov.Scenarios.ScenarioLoader.Load("three-provinces");
        long agents = new OrleansGov.Model.World(scenario).AgentCount;
        Assert.Contains($"{agents} agents", result.Out);
        Assert.Contains("guizhou", result.Out);
        Assert.Contains("chongqing", result.Out);
        Assert.Contains("guangxi", result.Out);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Validate_of_a_file_prints_its_timeline()
    {
        using var dir = new TempDir();
        string file = dir.Write("ok.yaml", TestYaml.Valid);
        var result = await CliHarness.RunAsync("validate", file);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("cli-test", result.Out);
        Assert.Contains("national cloud chief is appointed", result.Out);
    }
}
