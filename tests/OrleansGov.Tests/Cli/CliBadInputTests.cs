using System.Text.RegularExpressions;
using OrleansGov.Client;

namespace OrleansGov.Tests.Cli;

/// <summary>Bad input: one clear message on stderr, exit code 2, nothing written.</summary>
public sealed class CliBadInputTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Out => _dir.Combine("results");

    private static string[] ErrorLines(CliResult result) =>
        result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Theory]
    [MemberData(nameof(TestYaml.Invalid), MemberType = typeof(TestYaml))]
    public async Task An_invalid_scenario_file_names_file_line_and_key_and_writes_nothing(string name, string yaml, string key)
    {
        string file = _dir.Write(name, yaml);

        var result = await CliHarness.RunAsync("run", file, "--engine", "reference", "--out", Out);

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        string message = Assert.Single(ErrorLines(result));
        Assert.Matches(new Regex(Regex.Escape(name) + @":\d+(:\d+)?:"), message);
        Assert.Contains(key, message);
        Assert.False(Directory.Exists(Out), "the results folder must not be created for bad input");
    }

    [Theory]
    [MemberData(nameof(TestYaml.Invalid), MemberType = typeof(TestYaml))]
    public async Task Validate_reports_the_same_error_with_exit_code_2(string name, string yaml, string key)
    {
        string file = _dir.Write(name, yaml);
        var result = await CliHarness.RunAsync("validate", file);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(key, Assert.Single(ErrorLines(result)));
    }

    [Fact]
    public async Task An_unknown_preset_is_bad_input()
    {
        var result = await CliHarness.RunAsync("run", "atlantis", "--engine", "reference", "--out", Out);
        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains("atlantis", Assert.Single(ErrorLines(result)));
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task A_missing_file_is_bad_input()
    {
        var result = await CliHarness.RunAsync("run", _dir.Combine("nope.yaml"), "--engine", "reference", "--out", Out);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("nope.yaml", Assert.Single(ErrorLines(result)));
        Assert.False(Directory.Exists(Out));
    }

    [Theory]
    [InlineData("--ticks", "-3", "--ticks")]
    [InlineData("--ticks", "0", "--ticks")]
    [InlineData("--seed", "-1", "--seed")]
    [InlineData("--ticks", "many", "many")]
    [InlineData("--engine", "quantum", "quantum")]
    [InlineData("--cluster", "no-port", "--cluster")]
    [InlineData("--run-id", "../escape", "--run-id")]
    public async Task A_bad_option_is_bad_input(string option, string value, string named)
    {
        var result = await CliHarness.RunAsync("run", "small", option, value, "--out", Out);
        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains(named, result.Error);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task An_unknown_option_is_bad_input()
    {
        var result = await CliHarness.RunAsync("run", "small", "--colour", "red", "--out", Out);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task An_existing_run_id_is_refused_and_left_untouched()
    {
        string existing = Path.Combine(Out, "taken");
        Directory.CreateDirectory(existing);
        File.WriteAllText(Path.Combine(existing, "keep.txt"), "earlier results");

        var result = await CliHarness.RunAsync("run", "small", "--engine", "reference", "--ticks", "2", "--out", Out, "--run-id", "taken");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Equal(["keep.txt"], Directory.GetFiles(existing).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_unreachable_cluster_fails_with_exit_3_naming_the_address_and_writes_nothing()
    {
        int port = OrleansGov.Client.Hosting.FreePorts.Take(1)[0];
        string address = $"127.0.0.1:{port}";

        var result = await CliHarness.RunAsync("run", "small", "--cluster", address, "--out", Out);

        Assert.True(result.ExitCode == ExitCodes.ClusterUnavailable, result.ToString());
        Assert.Contains(address, Assert.Single(ErrorLines(result)));
        Assert.False(Directory.Exists(Out));
    }
}
