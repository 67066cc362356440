using System.Text.Json;
using OrleansGov.Client.Results;
using OrleansGov.Engine;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Cli;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Scenarios;

/// <summary>
/// <see cref="ScenarioWriter"/>: a resolved scenario written as YAML loads back to the same scenario,
/// field for field, for every shipped preset and every scenario the tests build — and runs the same.
/// </summary>
public class ScenarioWriterTests
{
    /// <summary>Every field of a scenario, as the manifest records it (records with arrays compare by reference).</summary>
    internal static string Fields(Scenario s) => JsonSerializer.Serialize(s, Manifest.Json);

    public static TheoryData<string> Presets() => new(ScenarioLoader.Presets().Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Presets))]
    public void Every_preset_round_trips(string preset) => AssertRoundTrip(ScenarioLoader.Load(preset));

    public static TheoryData<string> Built() => new(BuiltScenarios.Keys);

    [Theory]
    [MemberData(nameof(Built))]
    public void Every_scenario_the_tests_build_round_trips(string name) => AssertRoundTrip(BuiltScenarios[name]());

    /// <summary>Both kinds of declared outputs (scenario <c>outputs:</c>), so the writer must carry them.</summary>
    private static readonly OutputSpec DeclaredOutputs = new(
        new SeriesOutput(["county", "city"], ["cloud_adoption", "service_quality"], 2), new SnapshotOutput(["department", "enterprise"], 4));

    private static readonly Dictionary<string, Func<Scenario>> BuiltScenarios = new(StringComparer.Ordinal)
    {
        ["small"] = () => TestScenarios.Small(),
        ["six-provinces"] = () => TestScenarios.SixProvinces(),
        ["rich"] = () => TestScenarios.Rich(),
        ["cli-test"] = () => ScenarioLoader.Parse(TestYaml.Valid, "cli-test.yaml"),
        // The corners: no mode (dials only), a start date, a huge seed, a dismissal, odd text, a province
        // whose own structure differs from the scenario's with no mode of its own, every mechanism off.
        ["corners"] = () => TestScenarios.Rich() with
        {
            Mode = null,
            Dials = new Dials(0.123456789012345, 1),
            StartDate = "2015-03-01",
            Seed = ulong.MaxValue,
            Description = "Quotes ' \" and: colons # hashes, true, 1.5\nand a second line",
            System = new CloudChiefSystem(Chiefs: true, Office: false, Platform: false, StartTick: 3),
            Mechanisms = ScenarioDefaults.Mechanisms with
            {
                DirectiveBinding = false, HorizontalCoordination = false, PeerLearning = false, SanctionsCurbObstruction = false,
                Arbitration = false, Responsiveness = false, Formalism = false, CrowdingOut = false, CoordinationCost = false,
                FreeRiding = false, SwitchingCost = false, Rotation = false, Shocks = false, OverlappingStructures = false, UnifiedPlatform = false,
                Attention = ScenarioDefaults.Mechanisms.Attention with { Decay = false, DecayPerTick = 1e-7 },
            },
            Provinces = [.. TestScenarios.Rich().Provinces.Select((p, i) => i == 3 ? p with { Dials = new Dials(0.1, 0.3) } : p)],
            Timeline = [.. TestScenarios.Rich().Timeline, new Intervention(40, InterventionKind.DismissNationalChief),
                new Intervention(41, InterventionKind.SetDials, Horizontal: 0.3)],
            Constants = ConstantValues.Defaults.With(Constants.MigrationRate, 0.1 + 0.2).With(Constants.LinkDuration, 7),
            Outputs = DeclaredOutputs,
        },
        ["series-only"] = () => TestScenarios.Small() with { Outputs = new OutputSpec(new SeriesOutput(["city"], ["cloud_adoption"], 1), null) },
    };


    /// <summary>
    /// Every arm of every shipped experiment and every configuration of the claims file (ablations, a
    /// robustness sample of constants): what batch and claims runs write as their scenario.yaml.
    /// </summary>
    [Fact]
    public void Every_arm_of_the_shipped_experiments_and_claims_round_trips()
    {
        string dir = Path.Combine(ShippedScenarioTests.RepoRoot(), "scenarios", "experiments");
        int arms = 0;
        foreach (string file in Directory.GetFiles(dir, "*.yaml").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            if (name.StartsWith("calibration-", StringComparison.Ordinal))
            {
                // A calibration file (docs/CALIBRATION.md) runs its scenario at sampled parameters: check its base scenario.
                AssertRoundTrip(OrleansGov.Client.Calibration.CalibrationParser.Load(file).Scenario);
                arms++;
                continue;
            }
            bool sensitivity = name.StartsWith("sensitivity-", StringComparison.Ordinal);
            var experiment = name == "claims.yaml"
                ? new OrleansGov.Client.Claims.ClaimsPlan(OrleansGov.Client.Claims.ClaimsParser.Load(file)).Experiment
                : sensitivity
                    ? OrleansGov.Client.Sensitivity.SensitivityParser.Load(file) is var design ? design.Plan.ToExperiment(design.Base) : null!
                    : OrleansGov.Client.Experiments.ExperimentParser.Load(file);
            // A sensitivity design has thousands of points: its first 40 (point, arm) scenarios stand for the rest.
            foreach (var run in experiment.Plan.Runs().DistinctBy(r => r.Arm.Id).Take(sensitivity ? 40 : int.MaxValue))
            {
                AssertRoundTrip(experiment.ScenarioFor(run));
                arms++;
            }
        }
        Assert.True(arms >= 10, $"only {arms} arms found");
    }

    private static void AssertRoundTrip(Scenario scenario)
    {
        string yaml = ScenarioWriter.Write(scenario, "header line");
        var loaded = ScenarioLoader.Parse(yaml, "written.yaml");
        // An office upgrade or an event at or after the run's end never happens; a file cannot hold one.
        var expected = scenario with
        {
            Timeline = [.. scenario.Timeline.Where(e => e.Tick < scenario.Ticks)],
            Provinces = [.. scenario.Provinces.Select(p => p.Office.UpgradeAtTick >= scenario.Ticks ? p with { Office = p.Office with { UpgradeAtTick = null } } : p)],
        };
        Assert.Equal(Fields(expected), Fields(loaded));
        // Writing is stable: the reloaded scenario writes the same text.
        Assert.Equal(yaml, ScenarioWriter.Write(loaded, "header line"));
    }

    [Fact]
    public void The_written_file_has_every_top_level_key_of_the_loader_and_no_other()
    {
        var scenario = TestScenarios.Rich() with { StartDate = "2020-01-01", Outputs = DeclaredOutputs };
        var root = YamlMap.ParseDocument(ScenarioWriter.Write(scenario), "w.yaml");
        // The loader's own list refuses anything else; a new section of the loader must be written too.
        var loaderKeys = ScenarioParser.Keys;
        Assert.Equal(loaderKeys.Order(), ScenarioWriter.Keys.Order());
        Assert.All(loaderKeys, key => Assert.True(root.Has(key), key));
    }

    [Fact]
    public void The_file_reads_as_a_scenario_file_does()
    {
        string yaml = ScenarioWriter.Write(TestScenarios.Rich(), "resolved scenario of run r1");
        Assert.StartsWith("# resolved scenario of run r1\nname: test-rich\n", yaml);
        Assert.Contains("\n  - {tick: 12, event: attention-shift, value: 0.2, province: alpha}\n", yaml);
        Assert.Contains("\n  - {tick: 20, event: set-mode, mode: collaborative, province: alpha}\n", yaml);
        Assert.Contains("\n    office: {rank: low, break-in-ticks: 6, upgrade-at-tick: 10}\n", yaml);
        Assert.Contains("departments: [public-security, health, civil-affairs, market-regulation]", yaml);
        Assert.DoesNotContain("_", yaml.Split("\nconstants:")[0]);
    }

    [Fact]
    public async Task A_run_of_the_written_file_gives_identical_metrics()
    {
        var scenario = TestScenarios.Rich(ticks: 24) with { Timeline = [.. TestScenarios.Rich(ticks: 24).Timeline.Where(e => e.Tick < 24)] };
        var reloaded = ScenarioLoader.Parse(ScenarioWriter.Write(scenario), "w.yaml");
        var first = await new ReferenceEngine().RunAsync("a", scenario, null, CancellationToken.None);
        var second = await new ReferenceEngine().RunAsync("b", reloaded, null, CancellationToken.None);
        Assert.Equal(MetricsCsvBytes(scenario, first.Metrics), MetricsCsvBytes(reloaded, second.Metrics));
    }

    private static byte[] MetricsCsvBytes(Scenario scenario, IReadOnlyList<Metrics.ScopeMetrics> rows)
    {
        using var stream = new MemoryStream();
        MetricsCsv.Write(stream, rows, scenario);
        return stream.ToArray();
    }
}
