using OrleansGov.Client;
using OrleansGov.Tests.Cli;

namespace OrleansGov.Tests.Experiments;

/// <summary>Each bad experiment: one message naming the file, line and key; exit code 2; nothing written.</summary>
public sealed class BatchBadInputTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Base = """
        name: bad
        scenario: small
        replicates: 2
        factors:
          mode: [loose, authority]
        """;

    /// <summary>(file content, line of the problem, key the message must name, words it must contain).</summary>
    public static readonly TheoryData<string, int, string, string> Cases = new()
    {
        { Base.Replace("mode:", "levers.acountability:"), 5, "factors.levers.acountability", "unknown parameter" },
        { Base.Replace("[loose, authority]", "[]"), 5, "factors.mode", "non-empty list" },
        { Base.Replace("replicates: 2", "replicates: 0"), 3, "replicates", "positive" },
        { Base.Replace("replicates: 2", "replicates: -4"), 3, "replicates", "positive" },
        { Base + "\nsample:\n  points: 4\n  ranges:\n    dials.vertical: [0.9, 0.1]\n", 9, "sample.ranges.dials.vertical", "greater than max" },
        { Base + "\nmax-runs: 3\n", 6, "max-runs", "4 runs, more than the limit of 3" },
        { Base.Replace("[loose, authority]", "[loose, anarchic]"), 5, "factors.mode[1]", "unknown value 'anarchic'" },
        { Base.Replace("replicates: 2", "replicates: 2\ncolour: red"), 4, "colour", "unknown key" },
        { Base.Replace("scenario: small", "scenario: nowhere"), 2, "scenario", "no preset named 'nowhere'" },
        { Base + "\nsample:\n  points: 4\n  ranges:\n    levers.national-chief: [0, 1]\n", 9, "sample.ranges.levers.national-chief", "cannot be sampled" },
        { Base + "\nbaseline: cooperative\n", 6, "baseline", "no arm 'cooperative'" },
        { Base + "\nkeep: { metrics: [adoption] }\n", 6, "keep.metrics[0]", "unknown metric" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_experiment_is_refused_with_file_line_and_key(string yaml, int line, string key, string words)
    {
        string file = _dir.Write("bad.yaml", yaml);
        string output = _dir.Combine("out");
        var result = await CliHarness.RunAsync("batch", file, "--out", output, "--engine", "reference");
        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains($"bad.yaml:{line}:", result.Error);
        Assert.Contains(key + ":", result.Error);
        Assert.Contains(words, result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("--parallel", "0")]
    [InlineData("--engine", "fast")]
    public async Task Bad_options_are_refused(string option, string value)
    {
        string file = _dir.Write("ok.yaml", Base);
        var result = await CliHarness.RunAsync("batch", file, "--out", _dir.Combine("out"), option, value);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
    }

    [Fact]
    public async Task Report_of_a_folder_that_is_no_batch_is_bad_input()
    {
        var result = await CliHarness.RunAsync("report", _dir.Path);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
    }

    [Fact]
    public async Task A_missing_experiment_file_is_bad_input()
    {
        var result = await CliHarness.RunAsync("batch", _dir.Combine("nope.yaml"));
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("nope.yaml: file not found", result.Error);
    }
}
