using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrleansGov.Client;
using OrleansGov.Client.Dashboard;
using OrleansGov.Client.Results;

namespace OrleansGov.Tests.Cli;

/// <summary>
/// Issue 15, scripting: <c>list</c> with the one liveness rule, <c>--json</c> and <c>-q</c> output, the exit
/// codes in <c>--help</c>, dated run.log lines; and the dashboard's results list using the same rule.
/// </summary>
public sealed partial class CliScriptingTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Out => _dir.Combine("results");

    private async Task<string> Run(string runId)
    {
        var result = await CliHarness.RunAsync("run", "small", "--engine", "reference", "--ticks", "3", "--out", Out, "--run-id", runId, "-q");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        return Path.Combine(Out, runId);
    }

    /// <summary>A copy of <paramref name="source"/>'s folder as <paramref name="id"/> (under <paramref name="parent"/>), its manifest changed by <paramref name="edit"/>.</summary>
    private static string CopyAs(string source, string parent, string id, Action<JsonObject> edit)
    {
        string folder = Path.Combine(parent, id);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")))!.AsObject();
        manifest["run_id"] = id;
        edit(manifest);
        File.WriteAllText(Path.Combine(folder, "manifest.json"), manifest.ToJsonString());
        return folder;
    }

    private static void Running(JsonObject m, string host, DateTimeOffset beat)
    {
        m["status"] = "running";
        m["machine_name"] = host;
        m["pid"] = Environment.ProcessId;
        m["started_utc"] = beat.AddSeconds(-1).ToString("O");
        m["heartbeat"] = new JsonObject { ["last_tick"] = 1, ["updated_utc"] = beat.ToString("O") };
    }

    [Fact]
    public async Task List_shows_every_run_folder_with_its_status_by_the_liveness_rule()
    {
        string done = await Run("done");
        var now = DateTimeOffset.UtcNow;
        CopyAs(done, Out, "broke", m => { m["status"] = "failed"; m["error"] = "boom"; });
        CopyAs(done, Out, "stopped", m => m["status"] = "cancelled");
        CopyAs(done, Out, "live", m => Running(m, Environment.MachineName, now));
        // Another host's run, silent for 5 minutes: stale (RunLiveness.StaleAfter is a minute).
        CopyAs(done, Out, "silent", m => Running(m, "another-host", now.AddMinutes(-5)));
        // A batch's runs sit two levels further down.
        CopyAs(done, Path.Combine(Out, "modes", "runs"), "loose-r01", _ => { });

        var result = await CliHarness.RunAsync("list", "--results", Out, "--json");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var runs = JsonDocument.Parse(result.Out).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("run_id").GetString()!, r => r);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["done"] = "completed", ["broke"] = "failed", ["stopped"] = "cancelled", ["live"] = "running", ["silent"] = "stale",
                ["loose-r01"] = "completed",
            },
            runs.ToDictionary(r => r.Key, r => r.Value.GetProperty("status").GetString()!));
        var first = runs["done"];
        Assert.Equal("small", first.GetProperty("scenario").GetString());
        Assert.Equal(7UL, first.GetProperty("seed").GetUInt64());
        Assert.Equal(3, first.GetProperty("ticks_completed").GetInt32());
        Assert.Equal(Path.GetFullPath(done), first.GetProperty("folder").GetString());
        Assert.True(first.GetProperty("started_utc").GetDateTimeOffset() <= DateTimeOffset.UtcNow);

        var table = await CliHarness.RunAsync("list", "--results", Out);
        Assert.True(table.ExitCode == ExitCodes.Ok, table.ToString());
        Assert.Contains("stale", table.Out);
        Assert.Contains(Path.Combine("modes", "runs", "loose-r01"), table.Out);
    }

    [Fact]
    public async Task List_of_a_missing_folder_is_bad_input_naming_it()
    {
        var result = await CliHarness.RunAsync("list", "--results", _dir.Combine("none"));
        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains(_dir.Combine("none"), result.Error);
    }

    [Fact]
    public async Task The_dashboard_results_list_calls_a_silent_run_stale_by_the_same_rule()
    {
        string done = await Run("done");
        var now = DateTimeOffset.UtcNow;
        CopyAs(done, Out, "silent", m => Running(m, "another-host", now.AddMinutes(-5)));
        CopyAs(done, Out, "live", m => Running(m, "another-host", now));

        var statuses = new ResultsIndex(Out).All().ToDictionary(r => r.RunId, r => r.Status);
        Assert.Equal("stale", statuses["silent"]);
        Assert.Equal("running", statuses["live"]);
        Assert.Equal("completed", statuses["done"]);
    }

    [Fact]
    public async Task Run_json_prints_one_object_and_quiet_prints_only_the_folder()
    {
        var json = await CliHarness.RunAsync("run", "small", "--engine", "reference", "--ticks", "3", "--out", Out, "--run-id", "j", "--json");
        Assert.True(json.ExitCode == ExitCodes.Ok, json.ToString());
        var o = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal(("j", "completed", 0, 3, "reference"),
            (o.GetProperty("run_id").GetString(), o.GetProperty("status").GetString(), o.GetProperty("exit_code").GetInt32(),
             o.GetProperty("ticks_completed").GetInt32(), o.GetProperty("engine").GetString()));
        Assert.Equal(Path.GetFullPath(Path.Combine(Out, "j")), o.GetProperty("folder").GetString());

        var quiet = await CliHarness.RunAsync("run", "small", "--engine", "reference", "--ticks", "3", "--out", Out, "--run-id", "q", "-q");
        Assert.True(quiet.ExitCode == ExitCodes.Ok, quiet.ToString());
        Assert.Equal(Path.Combine(Out, "q") + Environment.NewLine, quiet.Out);
    }

    [Fact]
    public async Task Validate_json_says_valid_or_the_error()
    {
        var ok = await CliHarness.RunAsync("validate", "small", "--json", "--set", "levers.participation=0.7");
        Assert.True(ok.ExitCode == ExitCodes.Ok, ok.ToString());
        var o = JsonDocument.Parse(ok.Out).RootElement;
        Assert.True(o.GetProperty("valid").GetBoolean());
        Assert.True(o.GetProperty("agents").GetInt64() > 0);
        Assert.Equal(0.7, o.GetProperty("scenario").GetProperty("levers").GetProperty("participation").GetDouble());

        string bad = _dir.Write("bad.yaml", TestYaml.Valid + "\ncolour: red\n");
        var refused = await CliHarness.RunAsync("validate", bad, "--json");
        Assert.True(refused.ExitCode == ExitCodes.BadInput, refused.ToString());
        var e = JsonDocument.Parse(refused.Out).RootElement;
        Assert.False(e.GetProperty("valid").GetBoolean());
        Assert.Contains("colour", e.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Bench_json_alone_prints_the_report_as_json_on_stdout()
    {
        var result = await CliHarness.RunAsync("bench", "--sizes", "small", "--ticks", "2", "--engines", "reference", "--json");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var report = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(JsonValueKind.Object, report.ValueKind);
        Assert.DoesNotContain("json:", result.Out);
    }

    /// <summary>The root and every verb (a description with unescaped [brackets] broke `run --help` before).</summary>
    public static TheoryData<string> Verbs() =>
        new("", "run", "validate", "rerun", "list", "batch", "claims", "sensitivity", "patterns", "calibrate", "report", "presets", "bench", "dashboard", "watch");

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Help_lists_the_exit_codes(string verb)
    {
        var result = await CliHarness.RunAsync(verb.Length == 0 ? ["--help"] : [verb, "--help"]);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("EXIT CODES", result.Out);
        // Every code ExitCodes declares (a verb's own code, like patterns --strict's 4, belongs there too).
        var codes = typeof(ExitCodes).GetFields().Where(f => f.IsLiteral).Select(f => (int)f.GetRawConstantValue()!).ToArray();
        Assert.Contains(4, codes);
        foreach (int code in codes)
        {
            Assert.Matches(new Regex($@"(?m)^\s+{code}\s+\S"), result.Out);
        }
    }

    [Fact]
    public async Task Run_log_lines_carry_the_date_and_the_time_zone()
    {
        string folder = await Run("logged");
        var lines = File.ReadAllLines(Path.Combine(folder, "run.log")).Where(l => l.Contains("[INF]")).ToArray();
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Matches(DatedLine(), line));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} [+-]\d{2}:\d{2} \[INF\]")]
    private static partial Regex DatedLine();
}
