using OrleansGov.Client;

namespace OrleansGov.Tests.Cli;

/// <summary>
/// Issue 14 items 1, 2 and 10: an option without its value, a bad number, the seed range and a folder
/// given as the scenario are bad input (exit 2, one message naming the option or path, nothing written).
/// </summary>
public sealed class CliOptionTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Out => _dir.Combine("results");

    /// <summary>Every value-taking option of every verb, given last or followed by another option.</summary>
    [Theory]
    [InlineData("--out", "run", "small", "--engine", "reference", "--out")]
    [InlineData("--run-id", "run", "small", "--engine", "reference", "--run-id", "-q")]
    [InlineData("--seed", "run", "small", "--engine", "reference", "--seed")]
    [InlineData("--ticks", "run", "small", "--engine", "reference", "--ticks", "--quiet")]
    [InlineData("--engine", "run", "small", "--engine")]
    [InlineData("--cluster", "run", "small", "--cluster")]
    [InlineData("--out", "batch", "x.yaml", "--out")]
    [InlineData("--parallel", "batch", "x.yaml", "--parallel", "--resume")]
    [InlineData("--out", "claims", "x.yaml", "--out")]
    [InlineData("--replicates", "claims", "x.yaml", "--replicates")]
    [InlineData("--sizes", "bench", "--sizes")]
    [InlineData("--port", "dashboard", "--port")]
    [InlineData("--results", "dashboard", "--results")]
    [InlineData("--cluster", "watch", "some-run", "--cluster")]
    public async Task An_option_without_its_value_is_bad_input_and_writes_nothing(string option, params string[] args)
    {
        var result = await CliHarness.RunAsync([.. args.Select(a => a == "x.yaml" ? _dir.Combine("x.yaml") : a), .. OutFor(args)]);

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains($"option {option} needs a value", result.Error);
        Assert.DoesNotContain("__default_command", result.Error + result.Out);
        Assert.False(Directory.Exists(Out));
        Assert.False(Directory.Exists("__default_command"), "the value-less option must not name a folder");
    }

    /// <summary>A run's output goes to the temporary folder unless the test is about --out itself.</summary>
    private string[] OutFor(string[] args) => args[0] == "run" && !args.Contains("--out") ? ["--out", Out] : [];

    [Theory]
    [InlineData("--ticks", "many", "whole number")]
    [InlineData("--ticks", "2.5", "whole number")]
    [InlineData("--seed", "seven", "0 to 18446744073709551615")]
    [InlineData("--seed", "18446744073709551616", "0 to 18446744073709551615")]
    [InlineData("--seed", "-1", "0 to 18446744073709551615")]
    public async Task A_bad_number_names_the_option_and_what_it_accepts(string option, string value, string accepts)
    {
        var result = await CliHarness.RunAsync("run", "small", "--engine", "reference", option, value, "--out", Out);

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains(option, result.Error);
        Assert.Contains(accepts, result.Error);
        Assert.DoesNotContain("Nullable", result.Error);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task An_unknown_option_is_still_refused_by_name()
    {
        var result = await CliHarness.RunAsync("run", "small", "--engine", "reference", "--colour", "red", "--out", Out);

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains("--colour", result.Error);
        Assert.False(Directory.Exists(Out));
    }

    /// <summary>Scenario files take seeds 0 … 2⁶⁴−1; so does --seed, and the run records the seed it was given.</summary>
    [Theory]
    [InlineData("0")]
    [InlineData("9223372036854775808")]
    [InlineData("18446744073709551615")]
    public async Task Seed_takes_the_whole_range_a_scenario_file_takes(string seed)
    {
        var result = await CliHarness.RunAsync("run", "small", "--engine", "reference", "--ticks", "2", "--seed", seed,
            "--out", Out, "--run-id", "r", "--quiet");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var manifest = CliHarness.ReadJson(Path.Combine(Out, "r", "manifest.json"));
        Assert.Equal(ulong.Parse(seed), manifest.GetProperty("seed").GetUInt64());
        Assert.Equal(ulong.Parse(seed), manifest.GetProperty("scenario").GetProperty("seed").GetUInt64());
    }

    [Fact]
    public async Task The_largest_seed_is_accepted_by_files_and_experiments_alike()
    {
        string scenario = _dir.Write("max-seed.yaml", TestYaml.Valid.Replace("seed: 5", "seed: 18446744073709551615"));
        var validate = await CliHarness.RunAsync("validate", scenario);
        Assert.True(validate.ExitCode == ExitCodes.Ok, validate.ToString());

        string experiment = _dir.Write("exp.yaml", $"""
            name: max-seeds
            scenario: {scenario}
            seeds: [0, 18446744073709551615]
            """);
        var parsed = OrleansGov.Client.Experiments.ExperimentParser.Load(experiment);
        Assert.Equal([0UL, ulong.MaxValue], parsed.Plan.Replicates.Select(r => r.Seed));

        string tooBig = _dir.Write("too-big.yaml", TestYaml.Valid.Replace("seed: 5", "seed: 18446744073709551616"));
        var refused = await CliHarness.RunAsync("validate", tooBig);
        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        Assert.Contains("seed", refused.Error);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("validate")]
    [InlineData("batch")]
    [InlineData("claims")]
    public async Task A_folder_given_as_the_input_file_is_named_as_a_folder(string verb)
    {
        string folder = _dir.Combine("scenarios.yaml");
        Directory.CreateDirectory(folder);

        var result = await CliHarness.RunAsync(verb == "run" ? [verb, folder, "--engine", "reference", "--out", Out] : [verb, folder]);

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains("is a directory", result.Error);
        Assert.DoesNotContain("denied", result.Error);
        Assert.False(Directory.Exists(Out));
    }

    /// <summary>Item 9: --ticks drops an office upgrade after the new end as it drops timeline events, and says so.</summary>
    [Fact]
    public async Task A_shorter_run_drops_an_office_upgrade_after_its_end_and_says_so()
    {
        var result = await CliHarness.RunAsync("run", "three-provinces", "--engine", "reference", "--ticks", "26", "--out", Out, "--run-id", "short", "--quiet");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("note: --ticks 26 drops chongqing's office upgrade at tick 52", result.Error);
        var manifest = CliHarness.ReadJson(Path.Combine(Out, "short", "manifest.json"));
        var scenario = manifest.GetProperty("scenario");
        Assert.Equal(26, scenario.GetProperty("ticks").GetInt32());
        foreach (var province in scenario.GetProperty("provinces").EnumerateArray())
        {
            var upgrade = province.GetProperty("office").GetProperty("upgrade_at_tick");
            Assert.True(upgrade.ValueKind == System.Text.Json.JsonValueKind.Null || upgrade.GetInt32() < 26,
                $"{province.GetProperty("name")} keeps an upgrade at tick {upgrade} in a 26-tick run");
        }
        Assert.All(scenario.GetProperty("timeline").EnumerateArray(), e => Assert.True(e.GetProperty("tick").GetInt32() < 26));

        // The manifest's scenario is a valid scenario file again: the same value in a file would be refused.
        string replay = _dir.Write("replay.yaml", "name: replay\nticks: 26\nprovinces:\n  - preset: chongqing\n");
        Assert.Equal(ExitCodes.Ok, (await CliHarness.RunAsync("validate", replay)).ExitCode);
        Assert.Null(OrleansGov.Scenarios.ScenarioLoader.Load(replay).Provinces[0].Office.UpgradeAtTick);
        string refused = _dir.Write("refused.yaml", "name: refused\nticks: 26\nprovinces:\n  - { preset: chongqing, office: { upgrade-at-tick: 52 } }\n");
        Assert.Equal(ExitCodes.BadInput, (await CliHarness.RunAsync("validate", refused)).ExitCode);
    }
}
