using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Experiments;

/// <summary>A varied parameter: listed levels (grid) or a sampled range (Latin hypercube).</summary>
public sealed record Factor(string Parameter, string Design, IReadOnlyList<string>? Levels, double? Min, double? Max);

/// <summary>A milestone: the first tick at which <see cref="Metric"/> is at least (or at most) <see cref="Threshold"/>.</summary>
public sealed record Milestone(string Name, string Metric, string Comparison, double Threshold)
{
    public bool Reached(double value) => Comparison == "at-least" ? value >= Threshold : value <= Threshold;
}

/// <summary>One arm: a combination of factor values (the same order as <see cref="BatchPlan.Factors"/>).</summary>
public sealed record PlanArm(string Id, IReadOnlyList<string> Values);

/// <summary>One replicate: its index (from 1) and seed, the same for every arm.</summary>
public sealed record PlanReplicate(int Index, ulong Seed);

/// <summary>
/// The resolved design of a batch, written to <c>experiment.json</c> in the batch folder. It holds no
/// times, so it is identical for the same experiment file; <c>--resume</c> refuses a folder whose plan
/// differs, and <c>orleansgov report</c> regenerates everything from it and the run folders alone.
/// </summary>
public sealed record BatchPlan(
    string Name,
    string Description,
    string ExperimentFile,
    string Scenario,
    string BaseScenarioSha256,
    ulong Seed,
    string SeedRule,
    int Ticks,
    int TicksPerYear,
    IReadOnlyList<Factor> Factors,
    IReadOnlyList<PlanArm> Arms,
    IReadOnlyList<PlanReplicate> Replicates,
    string Baseline,
    IReadOnlyList<string> Metrics,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<Milestone> Milestones)
{
    public const string FileName = "experiment.json";

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Every run in canonical order: arms in design order, replicates in index order.</summary>
    public IEnumerable<PlannedRun> Runs()
    {
        int width = Math.Max(2, Replicates.Count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        foreach (var arm in Arms)
        {
            foreach (var rep in Replicates)
            {
                yield return new PlannedRun($"{arm.Id}-r{rep.Index.ToString("D" + width, System.Globalization.CultureInfo.InvariantCulture)}", arm, rep);
            }
        }
    }

    public int RunCount => Arms.Count * Replicates.Count;

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static BatchPlan Read(string path) =>
        JsonSerializer.Deserialize<BatchPlan>(File.ReadAllBytes(path), Json) ?? throw new InvalidDataException($"{path}: empty plan");
}

/// <summary>One run of a batch: its folder name under <c>runs/</c>, its arm and its replicate.</summary>
public sealed record PlannedRun(string Name, PlanArm Arm, PlanReplicate Replicate);

/// <summary>A parsed experiment: the plan and, per arm, the scenario it runs (seed set per replicate).</summary>
public sealed record Experiment(BatchPlan Plan, IReadOnlyDictionary<string, Scenario> ArmScenarios)
{
    /// <summary>What the file's overrides dropped from the base scenario (e.g. events after a shorter <c>ticks</c>), for stderr.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The scenario of one run: its arm's scenario with the replicate's seed.</summary>
    public Scenario ScenarioFor(PlannedRun run) => ArmScenarios[run.Arm.Id] with { Seed = run.Replicate.Seed };
}
