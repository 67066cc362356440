using OrleansGov.Client;
using OrleansGov.Client.Sensitivity;
using OrleansGov.Tests.Cli;

namespace OrleansGov.Tests.Sensitivity;

/// <summary>The verb end to end on a tiny design (reference engine), resume, report, and every kind of bad input.</summary>
public sealed class SensitivityCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    internal const string Tiny = """
        name: tiny
        scenario: small
        timeline: none
        ticks: 8
        seed: 5
        method: morris
        trajectories: 2
        levels: 4
        bootstrap: 100
        ranges:
          levers.accountability: [0, 1]
          mechanisms.free-riding: [false, true]
        outputs:
          - { metric: cloud_adoption, statistic: final }
          - { metric: sharing_refusals, statistic: mean, name: refusals }
        """;

    [Fact]
    public async Task A_tiny_morris_run_writes_indices_and_report_and_resume_and_report_rebuild_them_identically()
    {
        string file = _dir.Write("tiny.yaml", Tiny);
        string output = _dir.Combine("out");
        var first = await CliHarness.RunAsync("sensitivity", file, "--out", output, "--engine", "reference", "--quiet");
        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.Contains("r·(k + 1) = 6 points × 1 configuration × 1 replicate = 6 runs", first.Out);
        string indices = Path.Combine(output, SensitivityReport.IndicesCsv);
        var lines = File.ReadAllLines(indices);
        Assert.Equal("method,output,parameter,mu,mu_star,mu_star_lo,mu_star_hi,sigma", lines[0]);
        Assert.Equal(1 + 2 * 2, lines.Length);
        Assert.True(File.Exists(Path.Combine(output, "plots", "sensitivity-cloud_adoption.final.png")));
        byte[] before = File.ReadAllBytes(indices);
        string report = File.ReadAllText(Path.Combine(output, SensitivityReport.ReportMd));

        // An interrupted analysis: one run's folder gone. --resume runs only it, and the results are identical.
        var runs = Directory.GetDirectories(Path.Combine(output, "runs")).Order().ToList();
        Assert.Equal(6, runs.Count);
        Directory.Delete(runs[3], recursive: true);
        var resumed = await CliHarness.RunAsync("sensitivity", file, "--out", output, "--engine", "reference", "--resume");
        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        Assert.Contains("5 already completed", resumed.Out);
        Assert.Equal(before, File.ReadAllBytes(indices));

        File.Delete(indices);
        var rebuilt = await CliHarness.RunAsync("report", output);
        Assert.True(rebuilt.ExitCode == ExitCodes.Ok, rebuilt.ToString());
        Assert.Equal(before, File.ReadAllBytes(indices));
        Assert.Equal(report, File.ReadAllText(Path.Combine(output, SensitivityReport.ReportMd)));
    }

    [Fact]
    public async Task Without_resume_an_existing_folder_is_refused()
    {
        string file = _dir.Write("tiny.yaml", Tiny);
        string output = _dir.Combine("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "x"), "");
        var result = await CliHarness.RunAsync("sensitivity", file, "--out", output, "--engine", "reference");
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--resume", result.Error);
    }

    [Fact]
    public void The_plan_is_a_function_of_the_file()
    {
        var a = SensitivityParser.Parse(Tiny, "tiny.yaml", _dir.Path).Plan;
        var b = SensitivityParser.Parse(Tiny, "tiny.yaml", _dir.Path).Plan;
        Assert.Equal(a.ToUtf8(), b.ToUtf8());
        Assert.Equal(a.Values().SelectMany(v => v), b.Values().SelectMany(v => v));
        var c = SensitivityParser.Parse(Tiny.Replace("seed: 5", "seed: 6"), "tiny.yaml", _dir.Path).Plan;
        Assert.NotEqual(a.Values().SelectMany(v => v), c.Values().SelectMany(v => v));
    }

    /// <summary>(file content, line of the problem, key the message must name, words it must contain).</summary>
    public static readonly TheoryData<string, int, string, string> Cases = new()
    {
        { Tiny.Replace("method: morris", "method: fast"), 6, "method", "unknown method 'fast'" },
        { Tiny.Replace("levers.accountability:", "levers.acountability:"), 11, "ranges.levers.acountability", "unknown parameter" },
        { Tiny.Replace("[0, 1]", "[0.5, 0.5]"), 11, "ranges.levers.accountability", "must be less than max" },
        { Tiny.Replace("[0, 1]", "[0.8, 0.2]"), 11, "ranges.levers.accountability", "must be less than max" },
        { Tiny + "\nmax-runs: 5\n", 16, "max-runs", "6 runs, more than the limit of 5" },
        { Tiny.Replace("trajectories: 2", "trajectories: 20000"), 7, "trajectories", "more than the limit of 10000" },
        { Tiny.Replace("metric: cloud_adoption", "metric: adoption"), 14, "outputs[0].metric", "unknown metric 'adoption'" },
        { Tiny.Replace("statistic: final }", "statistic: final, scope: tibet }"), 14, "outputs[0].scope", "unknown scope 'tibet'" },
        { Tiny.Replace("[false, true]", "[0, 1]"), 12, "ranges.mechanisms.free-riding", "[false, true]" },
        { Tiny.Replace("levels: 4", "levels: 5"), 8, "levels", "even" },
        { Tiny.Replace("levels: 4", "samples: 64"), 8, "samples", "a Sobol setting" },
        { Tiny.Replace("levers.accountability: [0, 1]", "mode: [loose, authority]"), 11, "ranges.mode", "cannot be sampled" },
        { Tiny.Replace("seed: 5", "seed: 5\ncolour: red"), 6, "colour", "unknown key" },
        {
            Tiny.Replace("levers.accountability: [0, 1]", "constants.departments.min-capacity: [0.8, 0.9]\n  constants.departments.max-capacity: [0.5, 0.7]"),
            11, "ranges.constants.departments.min-capacity", "is not a valid scenario in configuration base"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_refused_with_file_line_and_key_and_nothing_is_written(string yaml, int line, string key, string words)
    {
        string file = _dir.Write("bad.yaml", yaml);
        string output = _dir.Combine("out");
        var result = await CliHarness.RunAsync("sensitivity", file, "--out", output, "--engine", "reference");
        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains($"bad.yaml:{line}:", result.Error);
        Assert.Contains(key + ":", result.Error);
        Assert.Contains(words, result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.False(Directory.Exists(output));
    }

    private static string ClaimsYaml => Path.Combine(Dashboard.DashboardApiTests.FindRepoRoot(), "scenarios", "experiments", "claims.yaml");

    [Fact]
    public void A_claims_contrast_is_an_output_named_claim_and_condition_with_its_arms_paired()
    {
        string yaml = Tiny.Replace("ticks: 8", "ticks: 30").Replace("mechanisms.free-riding: [false, true]", "levers.linkage: [0.2, 0.8]")
            + "\ncontrasts:\n  file: " + ClaimsYaml + "\n  claims: [C7, C2]\n";
        var plan = SensitivityParser.Parse(yaml, "c.yaml", _dir.Path).Plan;
        // The small scenario is in the authority mode: C2's authority arm is the base configuration, run once.
        Assert.Equal(["base", "c7-no-accountability", "c7-accountability", "c2-loose", "c2-cooperative", "c2-collaborative"], plan.Configs.Select(c => c.Id));
        var c7 = plan.Outputs.Single(o => o.Name == "C7:accountability-vs-no-accountability.sharing_refusals");
        Assert.Equal(["levers.accountability"], c7.SetByArms);
        Assert.Contains(plan.Outputs, o => o.Name == "C2:loose-vs-authority.fragmentation");
        Assert.Contains(plan.Outputs, o => o.Name == "C2:loose-vs-authority.imbalance_sd");
        Assert.Contains(plan.Outputs, o => o.Name == "C2:collaborative-vs-cooperative");
        Assert.Equal(6 * 6, plan.RunCount);

        // Plugged measures: every measure = (2 in the accountability arm, 1 elsewhere) × linkage; the C7 contrast is then linkage.
        var values = plan.Values();
        int accountability = plan.Configs.ToList().FindIndex(c => c.Id == "c7-accountability");
        var result = SensitivityAnalysis.Analyse(plan, (p, c, r) => [.. plan.Measures().Select(_ => (c == accountability ? 2 : 1) * values[p][1])]);
        int o = plan.Outputs.ToList().IndexOf(c7);
        Assert.Equal(values.Select(v => v[1]), result.Y[o]);
    }

    [Fact]
    public void Arms_that_are_the_same_scenario_at_every_point_run_once_whichever_claim_names_them()
    {
        // C1 and C2 compare the same four modes and C3's plain arms are C1's; the small scenario is in the authority
        // mode, so every claim's authority arm is the base configuration (the declared outputs' one): base and 14 arms, 8 configurations.
        // C7's no-accountability is authority with accountability 0 — not the base while accountability is sampled.
        string yaml = Tiny.Replace("ticks: 8", "ticks: 260") + "\ncontrasts:\n  file: " + ClaimsYaml + "\n  claims: [C1, C2, C3, C7]\n";
        var plan = SensitivityParser.Parse(yaml, "c.yaml", _dir.Path).Plan;
        Assert.Equal(["base", "c1-loose", "c1-cooperative", "c1-collaborative", "c3-authority-nodecay", "c3-collaborative-nodecay",
            "c7-no-accountability", "c7-accountability"], plan.Configs.Select(c => c.Id));
        Assert.Equal(6 * 8, plan.RunCount);
        var c2 = plan.Outputs.Single(o => o.Name == "C2:loose-vs-authority.fragmentation");
        Assert.Equal(new Dictionary<string, int> { ["c1-loose"] = 1, ["base"] = -1 }, c2.Weights);
        var c3 = plan.Outputs.Single(o => o.Name == "C3:authority-nodecay-minus-authority-vs-collaborative-nodecay-minus-collaborative");
        Assert.Equal(new Dictionary<string, int> { ["c3-authority-nodecay"] = 1, ["base"] = -1, ["c3-collaborative-nodecay"] = -1, ["c1-collaborative"] = 1 }, c3.Weights);

        // On three provinces (accountability 0 by default) and without accountability among the ranges, C7's
        // no-accountability arm is plain authority at every point: one configuration.
        string unsampled = yaml.Replace("levers.accountability: [0, 1]", "levers.linkage: [0, 1]").Replace("scenario: small", "scenario: three-provinces");
        var fixedAccountability = SensitivityParser.Parse(unsampled, "c.yaml", _dir.Path).Plan;
        Assert.DoesNotContain(fixedAccountability.Configs, c => c.Id == "c7-no-accountability");
        var c7 = fixedAccountability.Outputs.Single(o => o.Name == "C7:accountability-vs-no-accountability.sharing_refusals");
        Assert.Equal(new Dictionary<string, int> { ["c7-accountability"] = 1, ["base"] = -1 }, c7.Weights);
    }

    [Fact]
    public async Task Keep_writes_the_kept_metrics_of_each_run_to_runs_csv_as_in_an_experiment()
    {
        string file = _dir.Write("tiny.yaml", Tiny + "\nkeep:\n  metrics: [fragmentation, cloud_adoption]\n  scopes: [nation]\n");
        string output = _dir.Combine("out");
        var result = await CliHarness.RunAsync("sensitivity", file, "--out", output, "--engine", "reference", "--quiet");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var lines = File.ReadAllLines(Path.Combine(output, "runs.csv"));
        // Canonical metric order (the results files'), whatever the file lists.
        Assert.Equal("run,point,configuration,replicate,seed,status,error,nation_final_cloud_adoption,nation_final_fragmentation,nation_mean_cloud_adoption,nation_mean_fragmentation", lines[0]);
        Assert.Equal(1 + 6, lines.Length);
        Assert.StartsWith("p00001-base-r01,p00001,base,1,", lines[1]);
        // The final adoption in runs.csv is the output cloud_adoption.final at that point (one replicate, base configuration).
        var outputs = File.ReadAllLines(Path.Combine(output, SensitivityReport.OutputsCsv));
        int column = outputs[0].Split(',').ToList().IndexOf("cloud_adoption.final");
        Assert.Equal(outputs[1].Split(',')[column], lines[1].Split(',')[7]);
        Assert.Contains("\"keep_metrics\"", File.ReadAllText(Path.Combine(output, SensitivityPlan.FileName)));

        // Without keep: no runs.csv, and the plan has no keep fields (plans written before keep existed keep their bytes).
        var plain = SensitivityParser.Parse(Tiny, "tiny.yaml", _dir.Path).Plan;
        Assert.DoesNotContain("keep", System.Text.Encoding.UTF8.GetString(plain.ToUtf8()));
    }

    [Fact]
    public async Task An_unknown_metric_in_keep_is_bad_input_with_line_and_key()
    {
        string file = _dir.Write("bad.yaml", Tiny + "\nkeep:\n  metrics: [adoption]\n");
        string output = _dir.Combine("out");
        var result = await CliHarness.RunAsync("sensitivity", file, "--out", output, "--engine", "reference");
        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains("bad.yaml:17:", result.Error);
        Assert.Contains("keep.metrics[0]: unknown metric 'adoption'", result.Error);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task An_unknown_claim_in_the_contrasts_is_bad_input()
    {
        string file = _dir.Write("bad.yaml", Tiny + "\ncontrasts:\n  file: " + ClaimsYaml + "\n  claims: [C9]\n");
        var result = await CliHarness.RunAsync("sensitivity", file, "--out", _dir.Combine("out"), "--engine", "reference");
        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains("contrasts.claims[0]: no claim 'C9'", result.Error);
    }
}
