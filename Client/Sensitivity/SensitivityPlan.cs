using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansGov.Client.Claims;
using OrleansGov.Client.Experiments;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Sensitivity;

/// <summary>A sampled parameter: its path, kind (fraction, real, integer, boolean) and range.</summary>
public sealed record SensitivityParameter(string Path, string Kind, double Min, double Max)
{
    /// <summary>
    /// The value at unit coordinate <paramref name="u"/> ∈ [0, 1]: linear for reals, equal-width integer
    /// bins for whole numbers (<see cref="Designs.Scale"/>), false below ½ and true from ½ for a switch.
    /// Clamped to [min, max]: min + 1·(max − min) can land an ulp above max, past a declared bound.
    /// </summary>
    public double Value(double u) => Kind switch
    {
        "boolean" => u < 0.5 ? 0 : 1,
        "integer" => Designs.Scale(u, Min, Max, integer: true),
        _ => Math.Clamp(Designs.Scale(u, Min, Max, integer: false), Min, Max),
    };

    /// <summary>The value as a scenario override (the text the parameter parses).</summary>
    public string Text(double value) => Kind switch
    {
        "boolean" => value >= 0.5 ? "true" : "false",
        "integer" => ((long)value).ToString(CultureInfo.InvariantCulture),
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}

/// <summary>One configuration every sample point runs in: <c>base</c> (the file's scenario) or a claim's arm (its overrides applied after the point's values).</summary>
public sealed record SensitivityConfig(string Id, IReadOnlyDictionary<string, string> Overrides);

/// <summary>
/// One output: Σ weight × measure over configurations, per replicate, averaged over replicates. A
/// declared statistic has weight 1 on <c>base</c>; a claim's condition has its contrast's weights on the
/// claim's arms (left side − right side as written).
/// </summary>
/// <param name="SetByArms">Sampled parameters an arm of the contrast overrides: their index is zero by construction.</param>
public sealed record SensitivityOutput(string Name, string Description, string Metric, string Scope, ClaimStatistic Statistic,
    IReadOnlyDictionary<string, int> Weights, IReadOnlyList<string> SetByArms)
{
    [JsonIgnore]
    public Measure Measure => new(Metric, Scope, Statistic);
}

/// <summary>
/// The resolved design of a sensitivity analysis, written to <c>sensitivity.json</c>. It holds no times, so
/// the same file gives the same bytes: <c>--resume</c> refuses a folder whose plan differs, and
/// <c>orleansgov report</c> rebuilds indices, report and plots from it and the run folders. The unit
/// sample is not stored: it is a function of (method, N or r and p, k, seed) and, for Sobol, of the B
/// columns in <c>pairing</c> (<see cref="SaltelliPairing"/>: each parameter's B dimension and how often A and
/// B fall on the same level). <c>keep:</c> (the metrics and scopes <c>runs.csv</c> keeps of each run,
/// <see cref="SensitivityRuns"/>) is written only when given, so plans of files without it keep their bytes;
/// a Sobol plan without <c>pairing</c> was written before the columns were chosen and ran SALib's.
/// </summary>
public sealed record SensitivityPlan(
    string Name,
    string Description,
    string SensitivityFile,
    string Scenario,
    string BaseScenarioSha256,
    string Method,
    int Samples,
    int Trajectories,
    int Levels,
    int Bootstrap,
    ulong Seed,
    int Ticks,
    IReadOnlyList<SensitivityParameter> Parameters,
    IReadOnlyList<SensitivityConfig> Configs,
    IReadOnlyList<SensitivityOutput> Outputs,
    IReadOnlyList<PlanReplicate> Replicates,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? KeepMetrics = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? KeepScopes = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SaltelliColumn>? Pairing = null)
{
    public const string FileName = "sensitivity.json";
    public const string Sobol = "sobol", Morris = "morris";

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public int K => Parameters.Count;

    /// <summary>Sample points: N·(k + 2) for Sobol (Saltelli's design without second order), r·(k + 1) for Morris.</summary>
    public int PointCount => Method == Sobol ? Samples * Saltelli.Stride(K) : Trajectories * (K + 1);

    public long RunCount => (long)PointCount * Configs.Count * Replicates.Count;

    /// <summary>The design in the unit cube, [point][parameter].</summary>
    public double[][] UnitSample() => Method == Sobol
        ? Saltelli.Sample(Samples, K, Pairing is null ? SaltelliPairing.DefaultColumns(K) : [.. Pairing.Select(c => c.BDimension - 1)])
        : OrleansGov.Client.Sensitivity.Morris.Sample(Trajectories, K, Levels, Seed);

    /// <summary>The sampled parameters' values at every point, [point][parameter].</summary>
    public double[][] Values()
    {
        var unit = UnitSample();
        return [.. unit.Select(u => Parameters.Select((p, i) => p.Value(u[i])).ToArray())];
    }

    /// <summary>Distinct measures of the outputs, in first-use order: what each run is reduced to.</summary>
    public IReadOnlyList<Measure> Measures() => [.. Outputs.Select(o => o.Measure).DistinctBy(m => m.Key)];

    /// <summary>The folder name of a sample point under <c>runs/</c>: <c>p00001</c> ….</summary>
    public string PointId(int point) => "p" + (point + 1).ToString("D" + Math.Max(5, PointCount.ToString(CultureInfo.InvariantCulture).Length), CultureInfo.InvariantCulture);

    /// <summary>The batch runner's arm for a point and configuration: <c>p00001-base</c>, <c>p00001-c1-authority</c>.</summary>
    public string ArmId(int point, int config) => $"{PointId(point)}-{Configs[config].Id}";

    /// <summary>
    /// The plan as the batch runner runs it: one "arm" per (point, configuration), in point order, with
    /// the replicates' seeds (the same for every arm: configurations of a point are paired, and every
    /// point sees the same seeds). Arm scenarios are built when a run starts, so memory does not grow
    /// with the number of points.
    /// </summary>
    public Experiment ToExperiment(Scenario baseScenario)
    {
        var arms = new List<PlanArm>(PointCount * Configs.Count);
        for (int p = 0; p < PointCount; p++)
        {
            for (int c = 0; c < Configs.Count; c++)
            {
                arms.Add(new PlanArm(ArmId(p, c), []));
            }
        }
        var batch = new BatchPlan(
            Name: Name, Description: Description, ExperimentFile: SensitivityFile, Scenario: Scenario, BaseScenarioSha256: BaseScenarioSha256,
            Seed: Seed, SeedRule: ExperimentParser.SeedRule, Ticks: Ticks, TicksPerYear: baseScenario.TicksPerYear,
            Factors: [], Arms: arms, Replicates: Replicates, Baseline: arms[0].Id, Metrics: KeepMetrics ?? [], Scopes: KeepScopes ?? [], Milestones: []);
        return new Experiment(batch, new LazyScenarios(this, baseScenario, Values()));
    }

    /// <summary>The scenario of a point in a configuration: the point's values applied to the base, then the configuration's overrides.</summary>
    public Scenario ScenarioAt(Scenario baseScenario, double[] values, int config)
    {
        var overrides = Parameters.Select((p, i) => (p.Path, p.Text(values[i])));
        var atPoint = ClaimsParser.Apply(baseScenario, overrides);
        return ClaimsParser.Apply(atPoint, Configs[config].Overrides.Select(o => (o.Key, o.Value)));
    }

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static SensitivityPlan Read(string path) =>
        JsonSerializer.Deserialize<SensitivityPlan>(File.ReadAllBytes(path), Json) ?? throw new InvalidDataException($"{path}: empty plan");

    /// <summary>Arm id → scenario, computed on demand (the plan's points were all checked when the file was parsed).</summary>
    private sealed class LazyScenarios(SensitivityPlan plan, Scenario baseScenario, double[][] values) : IReadOnlyDictionary<string, Scenario>
    {
        public Scenario this[string key] => TryGetValue(key, out var s) ? s : throw new KeyNotFoundException(key);

        public IEnumerable<string> Keys => Enumerable.Range(0, Count).Select(i => plan.ArmId(i / plan.Configs.Count, i % plan.Configs.Count));

        public IEnumerable<Scenario> Values => Keys.Select(k => this[k]);

        public int Count => plan.PointCount * plan.Configs.Count;

        public bool ContainsKey(string key) => TryGetValue(key, out _);

        public bool TryGetValue(string key, out Scenario value)
        {
            value = null!;
            int dash = key.IndexOf('-', StringComparison.Ordinal);
            if (dash < 2 || !int.TryParse(key.AsSpan(1, dash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int point)
                || point < 1 || point > plan.PointCount)
            {
                return false;
            }
            string id = key[(dash + 1)..];
            int config = plan.Configs.ToList().FindIndex(c => c.Id == id);
            if (config < 0)
            {
                return false;
            }
            value = plan.ScenarioAt(baseScenario, values[point - 1], config);
            return true;
        }

        public IEnumerator<KeyValuePair<string, Scenario>> GetEnumerator() => Keys.Select(k => new KeyValuePair<string, Scenario>(k, this[k])).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
