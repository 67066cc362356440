using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Claims;

/// <summary>Where a configuration is used: a claim's arm at the defaults, with its mechanism off, or at a robustness point.</summary>
public enum Use { Main, Ablation, Robustness }

/// <summary>One distinct scenario configuration to run (several claims' arms may share one), with how many replicates it needs.</summary>
public sealed record ClaimsConfig(string Id, string ScenarioSha256, int Replicates);

/// <summary>One robustness point: its index (from 1) and the sampled values.</summary>
public sealed record RobustnessPoint(int Index, IReadOnlyList<(string Path, string Value)> Values);

/// <summary>
/// The expanded design of a claims file: every claim's arms at the defaults (R replicates), with the
/// claim's mechanism switched off (R replicates), and at every robustness point (k replicates), with
/// identical scenarios merged into one configuration. Replicate r of every configuration has the same
/// seed (paired arms), the seed rule of <c>orleansgov batch</c>.
/// </summary>
public sealed class ClaimsPlan
{
    private readonly Dictionary<(string Claim, string Arm, Use Use, int Point), string> _configOf = [];

    public ClaimsPlan(ClaimsFile file)
    {
        File = file;
        var configs = new List<ClaimsConfig>();
        var scenarios = new Dictionary<string, Scenario>(StringComparer.Ordinal);
        var bySha = new Dictionary<string, int>(StringComparer.Ordinal);

        void Add(Claim claim, ClaimArm arm, Use use, int point, string id, Scenario scenario, int replicates)
        {
            string sha = Sha(scenario);
            if (bySha.TryGetValue(sha, out int index))
            {
                var existing = configs[index];
                if (existing.Replicates < replicates)
                {
                    configs[index] = existing with { Replicates = replicates };
                }
                _configOf[(claim.Id, arm.Name, use, point)] = existing.Id;
                return;
            }
            bySha[sha] = configs.Count;
            configs.Add(new ClaimsConfig(id, sha, replicates));
            scenarios[id] = scenario;
            _configOf[(claim.Id, arm.Name, use, point)] = id;
        }

        foreach (var claim in file.Claims)
        {
            foreach (var arm in claim.Arms)
            {
                Add(claim, arm, Use.Main, 0, Id(claim.Id, arm.Name), ClaimsParser.Apply(file.Base, arm.Overrides), file.Replicates);
            }
            if (claim.Mechanisms.Count > 0)
            {
                foreach (var arm in claim.Arms)
                {
                    var overrides = arm.Overrides.Concat(claim.Mechanisms.Select(m => (m, "false")));
                    Add(claim, arm, Use.Ablation, 0, Id(claim.Id, arm.Name) + "-ablated", ClaimsParser.Apply(file.Base, overrides), file.Replicates);
                }
            }
        }

        var design = file.Robustness;
        var points = new List<RobustnessPoint>();
        if (design.Points > 0)
        {
            var unit = Designs.LatinHypercube(design.Points, design.Ranges.Count, design.Seed);
            for (int p = 0; p < design.Points; p++)
            {
                var values = design.Ranges.Select((r, d) =>
                {
                    var parameter = ScenarioParameters.Resolve(r.Path, file.Base);
                    bool integer = parameter.Kind == ParameterKind.Integer;
                    double x = Designs.Scale(unit[p][d], r.Min, r.Max, integer);
                    return (r.Path, (integer ? parameter.Integer((long)x) : parameter.Fraction(x)).Text);
                }).ToList();
                points.Add(new RobustnessPoint(p + 1, values));
            }
            foreach (var point in points)
            {
                foreach (var claim in file.Claims)
                {
                    var sampled = point.Values.Where(v => !claim.RobustnessExclude.Contains(v.Path)).ToList();
                    var pointBase = ClaimsParser.Apply(file.Base, sampled);
                    foreach (var arm in claim.Arms)
                    {
                        Add(claim, arm, Use.Robustness, point.Index, $"p{point.Index:D2}-{Id(claim.Id, arm.Name)}",
                            ClaimsParser.Apply(pointBase, arm.Overrides), design.Replicates);
                    }
                }
            }
        }
        Configs = configs;
        Points = points;
        Seeds = Designs.ReplicateSeeds(file.Seed, Math.Max(file.Replicates, design.Replicates));

        var replicates = Seeds.Take(file.Replicates).Select((s, i) => new PlanReplicate(i + 1, s)).ToList();
        var batch = new BatchPlan(
            Name: file.Name, Description: file.Description, ExperimentFile: "", Scenario: file.ScenarioRef,
            BaseScenarioSha256: Sha(file.Base), Seed: file.Seed, SeedRule: ExperimentParser.SeedRule,
            Ticks: file.Base.Ticks, TicksPerYear: file.Base.TicksPerYear,
            Factors: [], Arms: [.. configs.Select(c => new PlanArm(c.Id, []))], Replicates: replicates,
            Baseline: configs[0].Id, Metrics: [], Scopes: [], Milestones: []);
        Experiment = new Experiment(batch, scenarios);
    }

    public ClaimsFile File { get; }

    public IReadOnlyList<ClaimsConfig> Configs { get; }

    public IReadOnlyList<RobustnessPoint> Points { get; }

    public IReadOnlyList<ulong> Seeds { get; }

    /// <summary>The plan in the form the batch runner runs (one "arm" per configuration).</summary>
    public Experiment Experiment { get; }

    public string ConfigOf(string claim, string arm, Use use, int point = 0) => _configOf[(claim, arm, use, point)];

    /// <summary>Every run in canonical order: configurations in plan order, replicates in index order.</summary>
    public IEnumerable<PlannedRun> Runs()
    {
        foreach (var (config, arm) in Configs.Zip(Experiment.Plan.Arms))
        {
            for (int r = 0; r < config.Replicates; r++)
            {
                yield return Run(arm, r);
            }
        }
    }

    public PlannedRun Run(string configId, int replicate) => Run(Experiment.Plan.Arms.First(a => a.Id == configId), replicate);

    private PlannedRun Run(PlanArm arm, int replicate) =>
        new($"{arm.Id}-r{(replicate + 1).ToString("D2", CultureInfo.InvariantCulture)}", arm, new PlanReplicate(replicate + 1, Seeds[replicate]));

    public int RunCount => Configs.Sum(c => c.Replicates);

    /// <summary>The plan file (<c>claims-plan.json</c>): no times, so the same claims file gives the same bytes; <c>--resume</c> checks it.</summary>
    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(new
    {
        name = File.Name,
        scenario = File.ScenarioRef,
        timeline_removed = File.TimelineRemoved,
        base_scenario_sha256 = Experiment.Plan.BaseScenarioSha256,
        seed = File.Seed,
        seed_rule = ExperimentParser.SeedRule,
        replicates = File.Replicates,
        seeds = Seeds,
        robustness = new
        {
            points = File.Robustness.Points,
            replicates = File.Robustness.Replicates,
            seed = File.Robustness.Seed,
            ranges = File.Robustness.Ranges.Select(r => new { path = r.Path, min = r.Min, max = r.Max }),
            sampled = Points.Select(p => p.Values.ToDictionary(v => v.Path, v => v.Value)),
        },
        claims = File.Claims.Select(c => new
        {
            id = c.Id,
            arms = c.Arms.Select(a => new { name = a.Name, overrides = a.Overrides.ToDictionary(o => o.Path, o => o.Value) }),
            conditions = c.Conditions.Select(k => new { expect = k.Expect, metric = k.Measure.Metric, scope = k.Measure.Scope, statistic = k.Measure.Statistic.Key, counts = k.Counts }),
            mechanisms = c.Mechanisms,
            robustness_exclude = c.RobustnessExclude,
        }),
        configurations = Configs.Select(c => new { id = c.Id, replicates = c.Replicates, scenario_sha256 = c.ScenarioSha256 }),
    }, PlanJson);

    private static readonly JsonSerializerOptions PlanJson = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    private static string Id(string claim, string arm) => (claim + "-" + arm).ToLowerInvariant();

    private static string Sha(Scenario scenario) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(scenario with { Seed = 0, Name = "", Description = "" }, Manifest.Json)));
}
