using System.Text.RegularExpressions;
using OrleansGov.Client;

namespace OrleansGov.Tests.Cli;

/// <summary>
/// The options every verb that runs a set of runs shares (<c>StudySettings</c>): the same help, the same
/// default engine, and the same refusal — exit 2, the same one-line message, nothing written — of a
/// missing value, a bad <c>--parallel</c>, an unknown engine, a bad cluster address … on every verb.
/// </summary>
public sealed partial class StudyOptionsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Each verb with the arguments its own checks need (the input files need not exist: the options are checked first).</summary>
    public static readonly TheoryData<string> Verbs = new("batch", "claims", "claims-posterior", "sensitivity", "patterns", "calibrate");

    private string[] Invocation(string verb) => verb switch
    {
        "claims-posterior" => ["claims", _dir.Combine("x.yaml"), "--posterior", _dir.Combine("calibration")],
        "patterns" => ["patterns", "small", "--patterns", _dir.Combine("patterns.yaml")],
        _ => [verb, _dir.Combine("x.yaml")],
    };

    private static readonly string[] SharedOptions = ["--out", "--parallel", "--resume", "--engine", "--cluster", "--no-shared-prefix", "--max-agents", "--quiet"];

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Help_shows_every_shared_option_with_the_same_text_and_the_reference_engine_as_default(string verb)
    {
        var result = await CliHarness.RunAsync([Invocation(verb)[0], "--help"]);
        var batch = await CliHarness.RunAsync("batch", "--help");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        foreach (string option in SharedOptions)
        {
            Assert.Equal(OptionHelp(batch.Out, option), OptionHelp(result.Out, option));
        }
        Assert.Matches(@"--engine <ENGINE>\s+reference\s+reference \(default", OptionHelp(result.Out, "--engine"));
        Assert.Contains("every core of every silo", OptionHelp(result.Out, "--parallel"));
    }

    /// <summary>The help of one option: its line and the wrapped lines under it, up to the next option.</summary>
    private static string OptionHelp(string help, string option)
    {
        var lines = help.Split('\n');
        int start = Array.FindIndex(lines, l => OptionLine().Match(l) is { Success: true } m && m.Groups[1].Value.Split(',').Select(o => o.Trim()).Contains(option));
        Assert.True(start >= 0, $"{option} is not in the help:\n{help}");
        var text = new List<string> { lines[start].Trim() };
        for (int i = start + 1; i < lines.Length && lines[i].StartsWith(' ') && !OptionLine().IsMatch(lines[i]) && lines[i].Trim().Length > 0; i++)
        {
            text.Add(lines[i].Trim());
        }
        return Regex.Replace(string.Join(' ', text), @"\s+", " "); // the columns' widths differ between verbs
    }

    [GeneratedRegex(@"^\s{4,8}((?:-\w,\s)?--[\w-]+)")]
    private static partial Regex OptionLine();

    /// <summary>(option and value as given, the message every verb must print).</summary>
    public static readonly TheoryData<string[], string> BadOptions = new()
    {
        { ["--parallel"], "option --parallel needs a value" },
        { ["--engine"], "option --engine needs a value" },
        { ["--out"], "option --out needs a value" },
        { ["--cluster"], "option --cluster needs a value" },
        { ["--parallel", "0"], "--parallel must be at least 1, not 0" },
        { ["--parallel", "-3"], "--parallel must be at least 1, not -3" },
        { ["--parallel", "two"], "option --parallel: 'two' is not a whole number" },
        { ["--engine", "fast"], "--engine must be 'orleans' or 'reference', not 'fast'" },
        { ["--cluster", "nowhere"], "--cluster nowhere:" },
        { ["--max-agents", "0"], "--max-agents must be at least 1, not 0" },
        { ["--out", " "], "--out must name a folder" },
        { ["--colour", "red"], "unknown option '--colour'" },
    };

    public static TheoryData<string, string[], string> EveryVerbEveryBadOption()
    {
        var data = new TheoryData<string, string[], string>();
        foreach (string verb in Verbs)
        {
            foreach (var row in BadOptions)
            {
                data.Add(verb, (string[])row[0], (string)row[1]);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryVerbEveryBadOption))]
    public async Task A_bad_shared_option_is_refused_the_same_way_by_every_verb(string verb, string[] option, string message)
    {
        string output = _dir.Combine("out");
        string[] args = [.. Invocation(verb), .. option[0] == "--out" ? [] : new[] { "--out", output }, .. option];

        var result = await CliHarness.RunAsync(args);

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains("error: " + message, result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.False(Directory.Exists(output));
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    /// <summary>
    /// The one default engine: a batch and a sensitivity analysis (whose default used to be orleans) run on
    /// the reference engine when --engine is not given, as claims, patterns and calibrate always did.
    /// </summary>
    [Fact]
    public async Task Without_engine_a_batch_and_a_sensitivity_analysis_run_on_the_reference_engine()
    {
        string experiment = _dir.Write("e.yaml", "name: e\nscenario: small\nticks: 4\nreplicates: 1\n");
        var batch = await CliHarness.RunAsync("batch", experiment, "--out", _dir.Combine("batch"), "-q");
        Assert.True(batch.ExitCode == ExitCodes.Ok, batch.ToString());
        string file = _dir.Write("s.yaml", """
            name: s
            scenario: small
            timeline: none
            ticks: 4
            seed: 5
            method: morris
            trajectories: 1
            levels: 4
            bootstrap: 10
            ranges:
              levers.accountability: [0, 1]
            outputs:
              - { metric: cloud_adoption, statistic: final }
            """);
        var sensitivity = await CliHarness.RunAsync("sensitivity", file, "--out", _dir.Combine("sensitivity"), "-q");
        Assert.True(sensitivity.ExitCode == ExitCodes.Ok, sensitivity.ToString());

        foreach (string folder in new[] { "batch", "sensitivity" })
        {
            foreach (string run in Directory.GetDirectories(_dir.Combine(folder, "runs")))
            {
                Assert.Equal("reference", CliHarness.ReadJson(Path.Combine(run, "manifest.json")).GetProperty("engine").GetString());
            }
        }
    }
}
