using System.Text.Json;
using OrleansGov.Client;
using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Cli;

/// <summary>
/// Issue 15, re-runs: every results folder holds a runnable <c>scenario.yaml</c>; <c>rerun</c> runs it again
/// and checks <c>metrics.csv</c> byte for byte; <c>--set</c> changes one parameter without a new file.
/// </summary>
public sealed class CliRerunTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Out => _dir.Combine("results");

    private async Task<string> Run(string runId, params string[] extra)
    {
        var result = await CliHarness.RunAsync(["run", "small", "--engine", "reference", "--ticks", "10", "--out", Out, "--run-id", runId, "-q", .. extra]);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        return Path.Combine(Out, runId);
    }

    [Fact]
    public async Task The_folder_scenario_yaml_run_with_the_same_seed_reproduces_metrics_byte_for_byte()
    {
        string original = await Run("orig", "--seed", "99", "--set", "levers.linkage=0.4", "--set", "provinces[south].dials.horizontal=0.9");
        string yaml = Path.Combine(original, "scenario.yaml");
        Assert.True(File.Exists(yaml));
        var manifest = CliHarness.ReadJson(Path.Combine(original, "manifest.json"));
        Assert.Contains("scenario.yaml", manifest.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        // The file is the resolved scenario: --ticks, --seed and --set are in it, in the scenario file's own keys.
        var written = ScenarioLoader.Load(yaml);
        Assert.Equal((10, 99UL, 0.4, 0.9), (written.Ticks, written.Seed, written.Levers.Linkage, written.DialsOf(1).Horizontal));
        Assert.DoesNotContain("attention_shift", File.ReadAllText(yaml));

        var again = await CliHarness.RunAsync("run", yaml, "--seed", "99", "--engine", "reference", "--out", Out, "--run-id", "again", "-q");
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Equal(File.ReadAllBytes(Path.Combine(original, "metrics.csv")), File.ReadAllBytes(Path.Combine(Out, "again", "metrics.csv")));
        Assert.Equal(File.ReadAllText(yaml), File.ReadAllText(Path.Combine(Out, "again", "scenario.yaml")).Replace("run again", "run orig"));
    }

    [Fact]
    public async Task Rerun_of_an_untouched_folder_is_identical_on_the_other_engine_too()
    {
        string original = await Run("orig");
        var result = await CliHarness.RunAsync("rerun", original, "--engine", "orleans", "--json");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.True(json.GetProperty("identical").GetBoolean());
        Assert.Equal(0, json.GetProperty("differing_rows").GetInt32());
        Assert.Equal(10 * 3, json.GetProperty("rows").GetInt32());
        string rerun = json.GetProperty("rerun").GetString()!;
        Assert.Equal(Path.GetFullPath(Path.Combine(Out, "orig-rerun")), rerun);
        Assert.Equal("orleans", CliHarness.ReadJson(Path.Combine(rerun, "manifest.json")).GetProperty("engine").GetString());
    }

    [Fact]
    public async Task Rerun_of_a_changed_metrics_file_exits_1_and_says_where_it_differs()
    {
        string original = await Run("orig");
        string metrics = Path.Combine(original, "metrics.csv");
        var lines = File.ReadAllLines(metrics);
        string[] header = lines[0].Split(',');
        int column = Array.IndexOf(header, "leader_attention");
        // Change one cell of tick 4's nation row and one of tick 7's.
        foreach (int line in new[] { 1 + 4 * 3, 1 + 7 * 3 + 2 })
        {
            var cells = lines[line].Split(',');
            cells[column] = "0.123";
            lines[line] = string.Join(',', cells);
        }
        File.WriteAllText(metrics, string.Join('\n', lines) + "\n");

        var result = await CliHarness.RunAsync("rerun", original, "--out", _dir.Combine("reruns"));
        Assert.True(result.ExitCode == ExitCodes.Failed, result.ToString());
        Assert.Contains("differs: 2 of 30 rows differ; first at line 14 (tick 4, scope nation), column leader_attention: original 0.123", result.Out);
        Assert.True(Directory.Exists(_dir.Combine("reruns", "orig-rerun")));
    }

    [Fact]
    public async Task Rerun_of_a_folder_that_is_not_a_completed_run_is_bad_input_naming_it()
    {
        var missing = await CliHarness.RunAsync("rerun", _dir.Combine("nowhere"));
        Assert.True(missing.ExitCode == ExitCodes.BadInput, missing.ToString());
        Assert.Contains("nowhere", missing.Error);
        Assert.Contains("no such folder", missing.Error);

        Directory.CreateDirectory(_dir.Combine("empty"));
        var empty = await CliHarness.RunAsync("rerun", _dir.Combine("empty"));
        Assert.True(empty.ExitCode == ExitCodes.BadInput, empty.ToString());
        Assert.Contains("no manifest.json", empty.Error);

        string original = await Run("orig");
        string manifest = Path.Combine(original, "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"status\": \"completed\"", "\"status\": \"cancelled\""));
        var cancelled = await CliHarness.RunAsync("rerun", original);
        Assert.True(cancelled.ExitCode == ExitCodes.BadInput, cancelled.ToString());
        Assert.Contains("the run is cancelled, not completed", cancelled.Error);
        Assert.False(Directory.Exists(Path.Combine(Out, "orig-rerun")));
    }

    [Fact]
    public async Task Rerun_of_a_run_inside_a_batch_folder_goes_beside_the_batch_not_into_it()
    {
        string batch = _dir.Combine("modes");
        var result = await CliHarness.RunAsync("run", "small", "--engine", "reference", "--ticks", "3", "--out", Path.Combine(batch, "runs"), "--run-id", "loose-r01", "-q");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        File.WriteAllText(Path.Combine(batch, "experiment.json"), "{}");

        var rerun = await CliHarness.RunAsync("rerun", Path.Combine(batch, "runs", "loose-r01"), "-q");
        Assert.True(rerun.ExitCode == ExitCodes.Ok, rerun.ToString());
        Assert.True(Directory.Exists(_dir.Combine("modes-reruns", "loose-r01-rerun")), rerun.ToString());
        Assert.Equal(["loose-r01"], Directory.GetDirectories(Path.Combine(batch, "runs")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Rerun_of_a_folder_without_scenario_yaml_uses_the_manifest_scenario()
    {
        string original = await Run("orig", "--set", "dials.vertical=0.3");
        File.Delete(Path.Combine(original, "scenario.yaml"));
        var result = await CliHarness.RunAsync("rerun", original, "-q");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.StartsWith("identical:", result.Out);
    }

    [Fact]
    public async Task A_fork_takes_set_for_what_does_not_change_its_past_and_reruns_from_the_same_checkpoint()
    {
        string source = await Run("source", "--checkpoint-every", "5", "--export-checkpoints");
        var changedPast = await CliHarness.RunAsync("run", "--from", source, "--at-tick", "5", "--set", "levers.accountability=0.9",
            "--engine", "reference", "--out", Out, "--run-id", "refused", "-q");
        Assert.True(changedPast.ExitCode == ExitCodes.BadInput, changedPast.ToString());
        Assert.Contains("--set", changedPast.Error);
        Assert.Contains("levers", changedPast.Error);
        Assert.False(Directory.Exists(Path.Combine(Out, "refused")));

        var fork = await CliHarness.RunAsync("run", "--from", source, "--at-tick", "5", "--set", "ticks=14",
            "--engine", "reference", "--out", Out, "--run-id", "fork", "-q");
        Assert.True(fork.ExitCode == ExitCodes.Ok, fork.ToString());
        Assert.Equal(14, ScenarioLoader.Load(Path.Combine(Out, "fork", "scenario.yaml")).Ticks);

        var result = await CliHarness.RunAsync("rerun", Path.Combine(Out, "fork"));
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("forked from", result.Out);
        Assert.Contains("identical:", result.Out);
    }

    [Theory]
    [InlineData("dials.sideways=0.5", "unknown parameter 'dials.sideways'")]
    [InlineData("dials.vertical=1.5", "--set dials.vertical=1.5: must be between 0 and 1")]
    [InlineData("provinces[east].cities=2", "no province 'east'")]
    [InlineData("constants.migration.rate=fast", "--set constants.migration.rate=fast: expected a number")]
    [InlineData("levers.linkage", "expected PATH=VALUE")]
    public async Task A_bad_set_is_bad_input_naming_the_path_and_writes_nothing(string set, string message)
    {
        var run = await CliHarness.RunAsync("run", "small", "--engine", "reference", "--set", set, "--out", Out);
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains(message, run.Error);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(Out));

        var validate = await CliHarness.RunAsync("validate", "small", "--set", set);
        Assert.True(validate.ExitCode == ExitCodes.BadInput, validate.ToString());
        Assert.Contains(message, validate.Error);
    }

    [Fact]
    public async Task Validate_shows_the_scenario_after_set()
    {
        var result = await CliHarness.RunAsync("validate", "small", "--set", "dials.vertical=0.31", "--set", "provinces[north].counties=7", "--ticks", "12");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("dials vertical 0.31", result.Out);
        Assert.Contains("12 ticks", result.Out);
    }
}
