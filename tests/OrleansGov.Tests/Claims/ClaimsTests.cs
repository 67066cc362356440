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

    /// <summary>A tiny claims file on the `small` preset: 3 arms, 3 conditions (two-arm, three-arm, an informative milestone), SESOIs, a label, a mechanism and a 1-D robustness sample.</summary>
    private const string Tiny = """
        name: tiny
        scenario: small
        timeline: none
        ticks: 12
        seed: 3
        replicates: 2
        sesoi:
          coordination_messages: 1
          leader_attention: 0.05
          ticks: 2
        robustness:
          points: 3
          replicates: 2
          seed: 5
          ranges:
            mechanisms.attention.decay-per-tick: [0.005, 0.05]
        claims:
          - id: T1
            text: Authority coordinates more than loose.
            label:
              kind: encoded
              argument: Directives make messages, and V makes directives.
            metric: coordination_messages
            statistic: mean
            arms:
              loose: { mode: loose }
              authority: { mode: authority }
              collaborative: { mode: collaborative }
            conditions:
              - { expect: authority > loose }
              - { expect: authority - loose > collaborative - authority, metric: leader_attention, statistic: final }
              - { expect: authority < loose, metric: cloud_adoption, statistic: { tick-at-least: 0.001 }, counts: false }
            mechanism: directive-binding
        """;

    private const string TinyLabel = "    label:\n      kind: encoded\n      argument: Directives make messages, and V makes directives.\n";

    [Fact]
    public void The_shipped_claims_file_parses_with_eight_labelled_claims_their_margins_and_mechanisms()
    {
        var file = ClaimsParser.Load(Path.Combine(DashboardApiTests.FindRepoRoot(), "scenarios", "experiments", "claims.yaml"));
        Assert.Equal(["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8"], file.Claims.Select(c => c.Id));
        Assert.True(file.TimelineRemoved);
        Assert.Empty(file.Base.Timeline);
        Assert.Equal(260, file.Base.Ticks);
        Assert.Equal(20, file.Replicates);
        Assert.True(file.Robustness.Points >= 30);
        Assert.All(file.Claims, c => Assert.NotEmpty(c.Mechanisms));
        Assert.All(file.Claims, c => Assert.True(c.Label.Argument.Length > 40, c.Id));
        Assert.All(file.Claims.SelectMany(c => c.Conditions), k => Assert.True(k.Sesoi > 0));
        Assert.Equal(0.05, file.Sesoi["cloud_adoption"]);
        Assert.All(file.Claims.Single(c => c.Id == "C2").Conditions, k => Assert.Equal(0.05, k.Sesoi));
        Assert.Equal(200, file.Claims.Single(c => c.Id == "C7").Conditions[0].Sesoi);
        var c3 = file.Claims.Single(c => c.Id == "C3");
        var did = c3.Conditions[1];
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
        { "loose: { mode: loose }", "loose: { levers.bogus: 1 }", 26, "claims[0].arms.loose.levers.bogus", "unknown parameter" },
        { "metric: coordination_messages", "metric: adoption", 23, "claims[0].metric", "unknown metric 'adoption'" },
        { "- { expect: authority > loose }", "- { expect: authority > anarchy }", 30, "claims[0].conditions[0].expect", "unknown arm 'anarchy'" },
        { "timeline: none", "timeline: maybe", 3, "timeline", "expected 'none'" },
        { "mechanism: directive-binding", "mechanism: attention.decay-per-tick", 33, "claims[0].mechanism", "not a mechanism switch" },
        { "statistic: mean", "statistic: { at-tick: 99 }", 24, "claims[0].statistic.at-tick", "must be a tick" },
        { "- { expect: authority > loose }", "- { expect: authority > authority }", 30, "claims[0].conditions[0].expect", "not a contrast" },
        { "{ tick-at-least: 0.001 }", "{ tick-at-least: high }", 32, "claims[0].conditions[2].statistic.tick-at-least", "expected a number" },

        // Smallest effects of interest.
        { "  coordination_messages: 1", "  coordination_message: 1", 8, "sesoi.coordination_message", "unknown metric 'coordination_message'" },
        { "leader_attention: 0.05", "leader_attention: 0", 9, "sesoi.leader_attention", "must be greater than 0" },
        { "leader_attention: 0.05", "leader_attention: -0.05", 9, "sesoi.leader_attention", "must be greater than 0" },
        { "leader_attention: 0.05", "leader_attention: 1.5", 9, "sesoi.leader_attention", "is a share (0–1)" },
        { "leader_attention: 0.05", "leader_attention: lots", 9, "sesoi.leader_attention", "expected a number, got 'lots'" },
        { "  leader_attention: 0.05\n", "", 30, "claims[0].conditions[1].sesoi", "no smallest effect of interest for leader_attention" },
        { "  ticks: 2\n", "", 31, "claims[0].conditions[2].sesoi", "no smallest effect of interest for ticks (a milestone" },
        { "- { expect: authority > loose }", "- { expect: authority > loose, sesoi: -1 }", 30, "claims[0].conditions[0].sesoi", "must be greater than 0" },
        { "statistic: mean", "statistic: mean\n    sesoi: 0.05", 25, "claims[0].sesoi", "expected a mapping of metric" },
        { "statistic: mean", "statistic: mean\n    sesoi: { participation: 2 }", 25, "claims[0].sesoi.participation", "is a share (0–1)" },

        // Labels: required, encoded or emergent, with an argument.
        { TinyLabel, "", 18, "claims[0].label", "missing required key 'label'" },
        { TinyLabel, "    label: encoded\n", 20, "claims[0].label", "expected { kind: encoded | emergent, argument" },
        { "kind: encoded", "kind: emergant", 21, "claims[0].label.kind", "expected encoded or emergent, got 'emergant'" },
        { "      argument: Directives make messages, and V makes directives.\n", "", 21, "claims[0].label.argument", "missing required key 'argument'" },
        { "kind: encoded", "kind: encoded\n      because: reasons", 22, "claims[0].label.because", "unknown key 'because'" },
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

    [Fact]
    public void A_condition_takes_its_margin_from_itself_then_its_claim_then_the_file()
    {
        string text = Tiny
            .Replace("statistic: mean", "statistic: mean\n    sesoi: { leader_attention: 0.02, coordination_messages: 7 }")
            .Replace("- { expect: authority > loose }", "- { expect: authority > loose, sesoi: 3 }");
        var file = ClaimsParser.Parse(text, "t.yaml", _dir.Path);
        var conditions = file.Claims[0].Conditions;
        Assert.Equal(3, conditions[0].Sesoi);     // the condition's own
        Assert.Equal(0.02, conditions[1].Sesoi);  // the claim's table
        Assert.Equal(2, conditions[2].Sesoi);     // the file's table: milestones are in ticks
        Assert.Equal("ticks", conditions[2].Measure.SesoiKey);
        Assert.Equal(new ClaimLabel(ClaimKind.Encoded, "Directives make messages, and V makes directives."), file.Claims[0].Label);
        Assert.Equal(ClaimKind.Emergent, ClaimsParser.Parse(Tiny.Replace("kind: encoded", "kind: emergent"), "t.yaml", _dir.Path).Claims[0].Label.Kind);
    }

    /// <summary>Splits claims.csv lines (RFC 4180: quoted fields may hold commas and doubled quotes).</summary>
    private static List<string[]> ReadCsv(string path)
    {
        var rows = new List<string[]>();
        foreach (string line in File.ReadAllLines(path))
        {
            var fields = new List<string>();
            var field = new System.Text.StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (c == ',' && !quoted)
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(c);
                }
            }
            fields.Add(field.ToString());
            rows.Add([.. fields]);
        }
        return rows;
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

        var rows = ReadCsv(Path.Combine(output, "claims.csv"));
        Assert.Equal(ClaimsReport.Header, rows[0]);
        Assert.All(rows, r => Assert.Equal(ClaimsReport.Header.Length, r.Length));
        Assert.Equal(["condition", "ablation", "condition", "ablation", "condition", "ablation", "claim"], rows.Skip(1).Select(r => r[0]));
        int Col(string name) => Array.IndexOf(ClaimsReport.Header, name);
        string[] verdicts = ["supported", "negligible", "opposite", "inconclusive"];
        Assert.All(rows.Skip(1), r => Assert.Contains(r[Col("verdict")], verdicts));
        double Num(string[] row, string column) => double.Parse(row[Col(column)], CultureInfo.InvariantCulture);

        // Recompute each condition from the runs' metrics files, paired by replicate.
        double[] Values(string arm, Measure measure) =>
            [.. Enumerable.Range(0, 2).Select(r => ClaimsAnalysis.ReadRun(
                Path.Combine(output, "runs", plan.Run(plan.ConfigOf("T1", arm, Use.Main), r).Name, RunFolder.MetricsFile), [measure])[0])];
        var conditions = plan.File.Claims[0].Conditions;

        // Condition 1: authority − loose, mean coordination messages, SESOI 1 message per tick.
        var m1 = conditions[0].Measure;
        double[] authority = Values("authority", m1), loose = Values("loose", m1);
        var paired = Statistics.Summarize(Enumerable.Range(0, 2).Select(r => authority[r] - loose[r]));
        var row = rows[1];
        Assert.Equal("authority > loose", row[Col("condition")]);
        Assert.Equal("paired", row[Col("method")]);
        Assert.Equal("encoded", row[Col("label")]);
        Assert.Equal("messages per tick", row[Col("unit")]);
        Assert.Equal("authority", row[Col("arm1")]);
        Assert.Equal(authority.Average(), Num(row, "mean1"), 12);
        Assert.Equal(loose.Average(), Num(row, "mean2"), 12);
        Assert.Equal(paired.Mean, Num(row, "effect"), 12);
        Assert.Equal(1, Num(row, "sesoi"));
        Assert.Equal("2", row[Col("n")]);
        if (double.IsFinite(paired.CiLow))
        {
            Assert.Equal(paired.CiLow, Num(row, "effect_ci_low"), 12);
        }
        Assert.Equal(ClaimsReport.Name(DecisionRule.Of(paired.CiLow, paired.CiHigh, +1, 1)), row[Col("verdict")]);

        // Condition 2 is a three-arm contrast: authority − loose − (collaborative − authority) per replicate.
        var m2 = conditions[1].Measure;
        double[] a = Values("authority", m2), l = Values("loose", m2), c = Values("collaborative", m2);
        var contrast = Statistics.Summarize(Enumerable.Range(0, 2).Select(r => 2 * a[r] - l[r] - c[r]));
        Assert.Equal(contrast.Mean, Num(rows[3], "effect"), 12);
        Assert.Equal(0.05, Num(rows[3], "sesoi"));

        // Condition 3 (informative) is a milestone in ticks: the first tick with adoption ≥ 0.001; withheld if a run never got there.
        var m3 = conditions[2].Measure;
        double[] ta = Values("authority", m3), tl = Values("loose", m3);
        var milestone = rows[5];
        Assert.Equal("ge0.001", milestone[Col("statistic")]);
        Assert.Equal("ticks", milestone[Col("unit")]);
        Assert.Equal(2, Num(milestone, "sesoi"));
        int leftOut = Enumerable.Range(0, 2).Count(r => double.IsNaN(ta[r]) || double.IsNaN(tl[r]));
        Assert.Equal(leftOut.ToString(CultureInfo.InvariantCulture), milestone[Col("n_left_out")]);
        if (leftOut > 0)
        {
            Assert.Equal("inconclusive", milestone[Col("verdict")]);
        }
        else
        {
            Assert.Equal((ta[0] - tl[0] + ta[1] - tl[1]) / 2, Num(milestone, "effect"), 12);
        }

        var claimRow = rows[^1];
        Assert.Equal("Directives make messages, and V makes directives.", claimRow[Col("label_argument")]);
        Assert.Equal("3", claimRow[Col("robustness_points")]);
        double share = Num(claimRow, "share_holds");
        Assert.Contains(share, (double[])[0, 1 / 3.0, 2 / 3.0, 1]);

        string md = File.ReadAllText(Path.Combine(output, "claims.md"));
        Assert.Contains("| claim | label | verdict |", md);
        Assert.Contains("## T1:", md);
        Assert.Contains("**Encoded.** Directives make messages, and V makes directives.", md);
        Assert.Contains("**Ablation**", md);
        Assert.Contains("smallest effect of interest", md);
        Assert.Contains("| coordination_messages | 1 | messages per tick |", md);

        // Resume with everything completed only rewrites the tables, identically.
        byte[] before = File.ReadAllBytes(Path.Combine(output, "claims.csv"));
        var again = await CliHarness.RunAsync("claims", file, "--out", output, "--quiet", "--resume");
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(output, "claims.csv")));

        // A different margin re-judges the same runs (the plan, and so --resume, does not depend on it):
        // against 10⁶ messages per tick, condition 1 can only be negligible.
        File.WriteAllText(file, Tiny.Replace("coordination_messages: 1", "coordination_messages: 1000000"));
        var rejudged = await CliHarness.RunAsync("claims", file, "--out", output, "--quiet", "--resume");
        Assert.True(rejudged.ExitCode == ExitCodes.Ok, rejudged.ToString());
        Assert.Equal(plan.RunCount, Directory.GetDirectories(Path.Combine(output, "runs")).Length);
        var after = ReadCsv(Path.Combine(output, "claims.csv"));
        Assert.Equal(row[Col("effect")], after[1][Col("effect")]);
        Assert.Equal("negligible", after[1][Col("verdict")]);
    }
}
