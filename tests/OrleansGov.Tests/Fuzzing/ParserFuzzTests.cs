using System.Text;
using CsCheck;
using OrleansGov.Client.Experiments;
using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Fuzzing;

/// <summary>
/// Property-based fuzzing of the scenario, experiment and claims parsers (CsCheck): generated and mutated
/// files must never crash a parser or escape its located error (file:line:key; the CLI's exit 2). The
/// inputs found by the coverage-guided campaign (scripts/fuzz.sh, docs/RELIABILITY.md) are pinned as
/// regression cases first.
/// </summary>
public sealed class ParserFuzzTests
{
    /// <summary>Inputs that crashed a parser before (each fixed; docs/RELIABILITY.md lists them).</summary>
    public static readonly TheoryData<string, string> Regressions = new()
    {
        // AFL++ 60 s smoke, scenario: YamlDotNet threw ArgumentException ("current event is of an unsupported type").
        { "nul-key", "\0: \u0001" },
        // AFL++ 60 s smoke, scenario: YamlDotNet threw ArgumentException ("Global tags must be valid URIs").
        { "bad-global-tag", "!![[\0d" },
        // Issue 14 item 19: a list as a key made the experiment and claims parsers cast a non-scalar (exit 1).
        { "complex-key", "name: x\nscenario: base.yaml\nfactors:\n  ? [a, b]\n  : [1, 2]\n" },
        { "complex-top-key", "{ [a]: 1 }\n" },
        { "deep-nesting", new string('[', 10_000) },
    };

    [Theory]
    [MemberData(nameof(Regressions))]
    public void A_known_bad_input_is_a_located_error_for_every_parser(string name, string text)
    {
        Assert.NotEmpty(name);
        ParserTargets.Scenario(text);
        ParserTargets.Experiment(text);
        ParserTargets.Claims(text);
    }

    [Fact]
    public void A_list_used_as_a_key_is_bad_input_with_its_line_in_experiment_and_claims_files()
    {
        const string experiment = "name: x\nscenario: base.yaml\nfactors:\n  ? [mode]\n  : [loose, authority]\n";
        var e = Assert.Throws<ExperimentException>(() => ExperimentParser.Parse(experiment, "x.yaml", ParserTargets.Folder.Value));
        Assert.Equal(4, e.Line);
        Assert.Contains("keys must be plain names", e.Message);

        const string claims = "name: c\nscenario: base.yaml\nclaims:\n  - id: c1\n    arms: { ? [a] : {}, b: {} }\n";
        var c = Assert.Throws<ExperimentException>(() => OrleansGov.Client.Claims.ClaimsParser.Parse(claims, "c.yaml", ParserTargets.Folder.Value));
        Assert.Equal(5, c.Line);
    }

    /// <summary>Random YAML-ish text built from the parsers' own words and YAML's punctuation.</summary>
    private static readonly Gen<string> Tokens = Gen.OneOf(
        "name", "scenario", "base.yaml", "seed", "ticks", "provinces", "preset", "guizhou", "chongqing", "cities", "counties",
        "enterprises", "mode", "dials", "vertical", "horizontal", "levers", "accountability", "timeline", "tick", "event",
        "set-lever", "upgrade-office", "office", "rank", "upgrade-at-tick", "none", "factors", "replicates", "seeds",
        "sample", "points", "ranges", "baseline", "keep", "metrics", "milestones", "at-least", "claims", "id", "arms",
        "conditions", "expect", ">", "<", "mechanism", "robustness", "statistic", "mean", "final", "at-tick",
        ": ", "- ", "\n", "\n  ", "\n    ", "{", "}", "[", "]", ",", "&a ", "*a", "? ", "!!str ", "---", "~", "'", "\"",
        "0", "1", "-1", "0.5", "1e309", "18446744073709551616", "2147483648", "true", "null", "#", "|", ">-", "\t", "\0");

    private static readonly Gen<string> YamlIsh = Tokens.Array[0, 60].Select(parts => string.Concat(parts));

    /// <summary>A shipped or test file with a few characters replaced, inserted or deleted.</summary>
    private static Gen<string> Mutated(string seed) =>
        Gen.Select(Gen.Int[0, seed.Length], Gen.Int[0, 3], Gen.Char[(char)0, (char)127], Gen.Int[1, 8])
            .Array[1, 6]
            .Select(edits =>
            {
                var text = new StringBuilder(seed);
                foreach (var (at, kind, ch, length) in edits)
                {
                    int i = Math.Min(at, text.Length);
                    switch (kind)
                    {
                        case 0: text.Insert(i, ch); break;
                        case 1 when i < text.Length: text[i] = ch; break;
                        case 2: text.Remove(i, Math.Min(length, text.Length - i)); break;
                        default: text.Insert(i, text.ToString(i, Math.Min(length, text.Length - i))); break;
                    }
                }
                return text.ToString();
            });

    private static string Shipped(string relative) => File.ReadAllText(Path.Combine(RepoRoot, relative));

    private static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrleansGov.sln")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    [Fact]
    public void Generated_text_never_escapes_the_scenario_parser() =>
        YamlIsh.Sample(ParserTargets.Scenario, iter: 3000);

    [Fact]
    public void Generated_text_never_escapes_the_experiment_parser() =>
        YamlIsh.Select(t => "name: fuzz\nscenario: base.yaml\n" + t).Sample(ParserTargets.Experiment, iter: 1500);

    [Fact]
    public void Generated_text_never_escapes_the_claims_parser() =>
        YamlIsh.Select(t => "name: fuzz\nscenario: base.yaml\n" + t).Sample(ParserTargets.Claims, iter: 1500);

    [Theory]
    [InlineData("scenarios/three-provinces.yaml")]
    [InlineData("scenarios/small.yaml")]
    public void Mutated_shipped_scenarios_never_escape_the_parser(string file) =>
        Mutated(Shipped(file)).Sample(ParserTargets.Scenario, iter: 1500);

    [Theory]
    [InlineData("scenarios/experiments/modes.yaml")]
    [InlineData("scenarios/experiments/three-provinces.yaml")]
    public void Mutated_shipped_experiments_never_escape_the_parser(string file) =>
        Mutated(WithBase(Shipped(file))).Sample(ParserTargets.Experiment, iter: 400);

    [Fact]
    public void Mutated_shipped_claims_never_escape_the_parser() =>
        Mutated(WithBase(Shipped("scenarios/experiments/claims.yaml"))).Sample(ParserTargets.Claims, iter: 300);

    private static string WithBase(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, "(?m)^scenario: .*$", "scenario: base.yaml");
}
