using System.Globalization;
using OrleansGov.Client;
using OrleansGov.Client.Claims;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;
using OrleansGov.Tests.Cli;
using OrleansGov.Tests.Dashboard;

namespace OrleansGov.Tests.Claims;

/// <summary>Claims files (parsing, bad input), the verdict rules on hand-made numbers, and a reduced claims run end to end.</summary>
public sealed class ClaimsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A tiny claims file on the `small` preset: 3 arms, 2 conditions (one two-arm, one paired contrast), a mechanism and a 1-D robustness sample.</summary>
    private const string Tiny = """
        name: tiny
        scenario: small
        timeline: none
        ticks: 12
        seed: 3
        replicates: 2
        robustness:
          points: 3
          replicates: 2
          seed: 5
          ranges:
            mechanisms.attention.decay-per-tick: [0.005, 0.05]
        claims:
          - id: T1
            text: Authority coordinates more than loose.
            metric: coordination_messages
            statistic: mean
            arms:
              loose: { mode: loose }
              authority: { mode: authority }
              collaborative: { mode: collaborative }
            conditions:
              - { expect: authority > loose }
              - { expect: authority - loose > collaborative - authority, metric: leader_attention, statistic: final }
            mechanism: directive-binding
        """;

    [Fact]
    public void The_shipped_claims_file_parses_with_eight_claims_and_their_mechanisms()
    {
        var file = ClaimsParser.Load(Path.Combine(DashboardApiTests.FindRepoRoot(), "scenarios", "experiments", "claims.yaml"));
        Assert.Equal(["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8"], file.Claims.Select(c => c.Id));
        Assert.True(file.TimelineRemoved);
        Assert.Empty(file.Base.Timeline);
        Assert.Equal(260, file.Base.Ticks);
        Assert.Equal(20, file.Replicates);
        Assert.True(file.Robustness.Points >= 30);
        Assert.All(file.Claims, c => Assert.NotEmpty(c.Mechanisms));
        var c3 = file.Claims.Single(c => c.Id == "C3");
        var did = c3.Conditions[1];
        Assert.False(did.IsTwoArm);
        Assert.Equal(new Dictionary<string, int> { ["authority-nodecay"] = 1, ["authority"] = -1, ["collaborative-nodecay"] = -1, ["collaborative"] = 1 }, did.Weights);
        Assert.Equal(156, did.Measure.Statistic.Tick);
        var c5 = file.Claims.Single(c => c.Id == "C5").Conditions[1];
        Assert.Equal(new Dictionary<string, int> { ["cooperative-high"] = 1, ["cooperative-low"] = -2, ["loose"] = 1 }, c5.Weights);
        Assert.Equal(-1, file.Claims.Single(c => c.Id == "C7").Conditions[0].ExpectedSign);

        // The plan merges identical scenarios (C1's and C2's arms are the same four modes) and ablates in every arm.
        var plan = new ClaimsPlan(file);
        Assert.Equal(plan.ConfigOf("C1", "loose", Use.Main), plan.ConfigOf("C2", "loose", Use.Main));
        Assert.Equal(plan.ConfigOf("C1", "authority", Use.Main), plan.ConfigOf("C7", "no-accountability", Use.Main));
        Assert.False(plan.Experiment.ArmScenarios[plan.ConfigOf("C1", "authority", Use.Ablation)].Mechanisms.DirectiveBinding);
        Assert.False(plan.Experiment.ArmScenarios[plan.ConfigOf("C6", "low-rank", Use.Ablation)].Mechanisms.OverlappingStructures);
        Assert.Equal(file.Robustness.Points, plan.Points.Count);
    }

    public static readonly TheoryData<string, string, int, string, string> BadCases = new()
    {
        { "loose: { mode: loose }", "loose: { levers.bogus: 1 }", 19, "claims[0].arms.loose.levers.bogus", "unknown parameter" },
        { "metric: coordination_messages", "metric: adoption", 16, "claims[0].metric", "unknown metric 'adoption'" },
        { "- { expect: authority > loose }", "- { expect: authority > anarchy }", 23, "claims[0].conditions[0].expect", "unknown arm 'anarchy'" },
        { "timeline: none", "timeline: maybe", 3, "timeline", "expected 'none'" },
        { "mechanism: directive-binding", "mechanism: attention.decay-per-tick", 25, "claims[0].mechanism", "not a mechanism switch" },
        { "statistic: mean", "statistic: { at-tick: 99 }", 17, "claims[0].statistic.at-tick", "must be a tick" },
        { "- { expect: authority > loose }", "- { expect: authority > authority }", 23, "claims[0].conditions[0].expect", "not a contrast" },
    };

    [Theory]
    [MemberData(nameof(BadCases))]
    public async Task A_bad_claims_file_is_refused_with_file_line_and_key(string find, string replace, int line, string key, string words)
    {
        Assert.Contains(find, Tiny);
        string file = _dir.Write("bad.yaml", Tiny.Replace(find, replace));
        string output = _dir.Combine("out");
        var result = await CliHarness.RunAsync("claims", file, "--out", output);
        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains($"bad.yaml:{line}:", result.Error);
        Assert.Contains(key + ":", result.Error);
        Assert.Contains(words, result.Error);
        Assert.False(Directory.Exists(output));
    }

    private static Effect E(double value, double low, double high) => new(value, low, high, double.NaN, "welch", 20);

    [Fact]
    public void Verdicts_follow_the_sign_and_the_confidence_interval()
    {
        Assert.Equal(Verdict.Supported, ClaimsAnalysis.VerdictOf(E(0.2, 0.1, 0.3), +1));
        Assert.Equal(Verdict.NotSupported, ClaimsAnalysis.VerdictOf(E(0.2, 0.1, 0.3), -1));
        Assert.Equal(Verdict.Supported, ClaimsAnalysis.VerdictOf(E(-0.2, -0.3, -0.1), -1));
        Assert.Equal(Verdict.Inconclusive, ClaimsAnalysis.VerdictOf(E(0.2, -0.1, 0.5), +1));
        Assert.Equal(Verdict.Inconclusive, ClaimsAnalysis.VerdictOf(E(0, 0, 0), +1));
        Assert.Equal(Verdict.Inconclusive, ClaimsAnalysis.VerdictOf(E(0.2, double.NaN, double.NaN), +1));

        Assert.Equal(Verdict.Supported, ClaimsAnalysis.Combine([Verdict.Supported, Verdict.Supported]));
        Assert.Equal(Verdict.Inconclusive, ClaimsAnalysis.Combine([Verdict.Supported, Verdict.Inconclusive]));
        Assert.Equal(Verdict.NotSupported, ClaimsAnalysis.Combine([Verdict.Supported, Verdict.Inconclusive, Verdict.NotSupported]));
    }

    [Fact]
    public void Ablation_labels_and_robustness_shares_follow_the_rules()
    {
        // Without the mechanism the effect's CI includes 0: it disappears.
        Assert.Equal("disappears", ClaimsAnalysis.AblationLabel(E(0.02, -0.01, 0.05), E(0.2, 0.15, 0.25), +1));
        // Still significant but smaller, and the paired reduction excludes 0: it shrinks.
        Assert.Equal("shrinks", ClaimsAnalysis.AblationLabel(E(0.1, 0.05, 0.15), E(0.1, 0.05, 0.15), +1));
        Assert.Equal("unchanged", ClaimsAnalysis.AblationLabel(E(0.2, 0.1, 0.3), E(0.01, -0.02, 0.04), +1));
        Assert.Equal("grows", ClaimsAnalysis.AblationLabel(E(0.4, 0.3, 0.5), E(-0.2, -0.3, -0.1), +1));
        Assert.Equal("reverses", ClaimsAnalysis.AblationLabel(E(0.1, 0.05, 0.15), E(0.3, 0.2, 0.4), -1));
        Assert.True(ClaimsAnalysis.MechanismShown(["disappears", "shrinks"]));
        Assert.False(ClaimsAnalysis.MechanismShown(["disappears", "unchanged"]));

        // Hand-made ablation on paired values: with = [0.5, 0.6, 0.7] − [0.1, 0.2, 0.3]; without = equal arms.
        var condition = new ClaimCondition("a > b", new Dictionary<string, int> { ["a"] = 1, ["b"] = -1 }, 1, new Measure("m", "nation", ClaimStatistic.Final), true);
        var with = new Dictionary<string, double[]> { ["a"] = [0.5, 0.6, 0.7], ["b"] = [0.1, 0.2, 0.3] };
        var without = new Dictionary<string, double[]> { ["a"] = [0.2, 0.3, 0.1], ["b"] = [0.1, 0.2, 0.3] };
        var ablation = ClaimsAnalysis.Ablation(condition, with, without);
        Assert.Equal("disappears", ablation.Label);
        Assert.Equal(0.4, ClaimsAnalysis.EffectOf(condition, with).Value, 12);
        Assert.Equal(0.0, ablation.Without.Effect.Value, 12);
        Assert.Equal(0.4, ablation.Shrink.Value, 12); // per replicate (0.4 − 0.1, 0.4 − 0.1, 0.4 + 0.2)
        Assert.Equal(0.0, ablation.Ratio, 12);

        // 5 points: 4 in the expected direction (one of them significant), 1 opposite → holds at 80 %, supported at 20 %.
        var points = new List<(int, IReadOnlyList<(Effect, int)>)>
        {
            (1, [(E(0.1, 0.05, 0.15), 1)]),
            (2, [(E(0.1, -0.05, 0.25), 1)]),
            (3, [(E(0.1, -0.05, 0.25), 1)]),
            (4, [(E(0.1, -0.05, 0.25), 1)]),
            (5, [(E(-0.1, -0.25, 0.05), 1)]),
        };
        var robust = ClaimsAnalysis.Robustness(points, Verdict.Supported);
        Assert.Equal(0.8, robust.ShareHolds, 12);
        Assert.Equal(0.2, robust.ShareSupported, 12);
        Assert.False(robust.Fragile);
        points[3] = (4, [(E(-0.1, -0.25, 0.05), 1)]);
        Assert.True(ClaimsAnalysis.Robustness(points, Verdict.Supported).Fragile);
        Assert.False(ClaimsAnalysis.Robustness(points, Verdict.Inconclusive).Fragile);
    }

    [Fact]
    public async Task A_reduced_claims_run_completes_and_its_statistics_match_the_runs()
    {
        string file = _dir.Write("tiny.yaml", Tiny);
        string output = _dir.Combine("out");
        var result = await CliHarness.RunAsync("claims", file, "--out", output, "--quiet", "--parallel", "2");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        foreach (string name in (string[])["claims.csv", "claims.md", "claims-plan.json", "claims.yaml", "plots/t1.png", "plots/robustness.png"])
        {
            Assert.True(File.Exists(Path.Combine(output, name)), name);
        }

        // 3 main + 3 ablated configurations × 2 replicates; 3 points × 3 arms × 2 replicates (a point's arm may equal none of the main ones).
        var plan = new ClaimsPlan(ClaimsParser.Load(file));
        Assert.Equal(plan.RunCount, Directory.GetDirectories(Path.Combine(output, "runs")).Length);
        Assert.Equal(6 * 2 + 9 * 2, plan.RunCount);

        var rows = File.ReadAllLines(Path.Combine(output, "claims.csv")).Select(l => l.Split(',')).ToList();
        Assert.Equal(ClaimsReport.Header, rows[0]);
        Assert.All(rows, r => Assert.Equal(ClaimsReport.Header.Length, r.Length));
        Assert.Equal(["condition", "ablation", "condition", "ablation", "claim"], rows.Skip(1).Select(r => r[0]));
        int Col(string name) => Array.IndexOf(ClaimsReport.Header, name);
        string[] verdicts = ["supported", "not supported", "inconclusive"];
        Assert.All(rows.Skip(1), r => Assert.Contains(r[Col("verdict")], verdicts));

        // Recompute condition 1 (authority > loose, mean coordination messages, Welch) from the runs' metrics files.
        double[] Values(string arm, string metric, string statistic)
        {
            var measure = new Measure(metric, "nation", statistic == "final" ? ClaimStatistic.Final : new ClaimStatistic("mean"));
            return [.. Enumerable.Range(0, 2).Select(r =>
            {
                string run = plan.Run(plan.ConfigOf("T1", arm, Use.Main), r).Name;
                return ClaimsAnalysis.ReadRun(Path.Combine(output, "runs", run, RunFolder.MetricsFile), [measure])[0];
            })];
        }
        var authority = Statistics.Summarize(Values("authority", "coordination_messages", "mean"));
        var loose = Statistics.Summarize(Values("loose", "coordination_messages", "mean"));
        var diff = Statistics.Compare(authority, loose);
        var row = rows[1];
        Assert.Equal("authority > loose", row[Col("condition")]);
        Assert.Equal("authority", row[Col("arm1")]);
        Assert.Equal(authority.Mean, double.Parse(row[Col("mean1")], CultureInfo.InvariantCulture), 12);
        Assert.Equal(loose.Mean, double.Parse(row[Col("mean2")], CultureInfo.InvariantCulture), 12);
        Assert.Equal(diff.Value, double.Parse(row[Col("effect")], CultureInfo.InvariantCulture), 12);
        if (double.IsFinite(diff.CiLow))
        {
            Assert.Equal(diff.CiLow, double.Parse(row[Col("effect_ci_low")], CultureInfo.InvariantCulture), 12);
        }
        Assert.Equal(ClaimsReport.Name(ClaimsAnalysis.VerdictOf(new Effect(diff.Value, diff.CiLow, diff.CiHigh, 0, "welch", 2), 1)), row[Col("verdict")]);

        // Condition 2 is a paired contrast: authority − loose − (collaborative − authority) per replicate.
        double[] a = Values("authority", "leader_attention", "final"), l = Values("loose", "leader_attention", "final"), c = Values("collaborative", "leader_attention", "final");
        var contrast = Statistics.Summarize(Enumerable.Range(0, 2).Select(r => 2 * a[r] - l[r] - c[r]));
        Assert.Equal("paired", rows[3][Col("method")]);
        Assert.Equal(contrast.Mean, double.Parse(rows[3][Col("effect")], CultureInfo.InvariantCulture), 12);

        var claimRow = rows[^1];
        Assert.Equal("3", claimRow[Col("robustness_points")]);
        double share = double.Parse(claimRow[Col("share_holds")], CultureInfo.InvariantCulture);
        Assert.Contains(share, (double[])[0, 1 / 3.0, 2 / 3.0, 1]);

        string md = File.ReadAllText(Path.Combine(output, "claims.md"));
        Assert.Contains("| claim | verdict |", md);
        Assert.Contains("## T1:", md);
        Assert.Contains("**Ablation**", md);

        // Resume with everything completed only rewrites the tables, identically.
        byte[] before = File.ReadAllBytes(Path.Combine(output, "claims.csv"));
        var again = await CliHarness.RunAsync("claims", file, "--out", output, "--quiet", "--resume");
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(output, "claims.csv")));
    }
}
