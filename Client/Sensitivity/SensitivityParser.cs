using System.Globalization;
using System.Security.Cryptography;
using OrleansGov.Client.Claims;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;
using OrleansGov.Scenarios;
using YamlDotNet.RepresentationModel;

namespace OrleansGov.Client.Sensitivity;

/// <summary>A parsed sensitivity file: the plan and the base scenario its points are applied to.</summary>
public sealed record SensitivityDesign(SensitivityPlan Plan, Scenario Base)
{
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>
/// Reads a sensitivity file (docs/SENSITIVITY.md): the experiment format's base scenario, ticks,
/// replicates or seeds, <c>keep</c>, plus a method (morris or sobol) with its sizes, ranges of parameters, outputs
/// (statistics of metrics) and contrasts (a claims file's conditions). Every problem is one
/// <see cref="ExperimentException"/> naming the file, line, column and key; every sample point is
/// applied to the scenario here, so a point the model refuses is found before anything runs.
/// </summary>
public static class SensitivityParser
{
    public const int DefaultMaxRuns = ExperimentParser.DefaultMaxRuns;

    private static readonly string[] Keys =
    [
        "name", "description", "scenario", "timeline", "seed", "ticks", "replicates", "seeds", "method", "samples", "trajectories",
        "levels", "bootstrap", "ranges", "outputs", "contrasts", "keep", "max-runs",
    ];

    private static readonly string[] OutputKeys = ["name", "metric", "scope", "statistic"];
    private static readonly string[] ContrastKeys = ["file", "claims"];

    public static SensitivityDesign Load(string path)
    {
        var (text, directory) = YamlDoc.ReadFile(path);
        return Parse(text, path, directory);
    }

    public static SensitivityDesign Parse(string yaml, string source, string directory)
    {
        var doc = new YamlDoc(source, "a sensitivity file");
        var root = doc.Root(yaml);
        doc.AllowOnly(root, "", Keys);
        string name = doc.RequiredText(root, "name");
        if (!YamlDoc.IsSafeName(name))
        {
            throw doc.Error(doc.Get(root, "name")!, "name", $"'{name}' is not a valid name (use letters, digits, '.', '_' and '-')");
        }
        string description = doc.Text(root, "description") ?? "";
        var (reference, scenario) = LoadBase(doc, root, directory);
        var notes = new List<string>();
        if (doc.Get(root, "timeline") is { } timelineNode)
        {
            scenario = ((timelineNode as YamlScalarNode)?.Value) switch
            {
                "none" => scenario with { Timeline = [] },
                "keep" => scenario,
                var v => throw doc.Error(timelineNode, "timeline", $"expected 'none' (drop the base scenario's timeline) or 'keep', got '{v}'"),
            };
        }
        if (doc.Get(root, "ticks") is { } ticksNode)
        {
            long ticks = doc.Long(ticksNode, "ticks");
            if (ticks < 1 || ticks > int.MaxValue)
            {
                throw doc.Error(ticksNode, "ticks", $"must be at least 1 (got {ticks})");
            }
            scenario = Commands.ScenarioInput.WithOverrides(scenario, null, (int)ticks, out var dropped);
            notes.AddRange(dropped.Select(n => $"ticks: {ticks} {n}"));
        }
        ulong seed = doc.ULong(root, "seed") ?? 1;
        var replicates = ParseReplicates(doc, root, seed);

        var methodNode = doc.Get(root, "method") ?? throw doc.Error(root, "method", "missing required key 'method' (morris or sobol)");
        string method = (methodNode as YamlScalarNode)?.Value ?? "";
        if (method is not (SensitivityPlan.Morris or SensitivityPlan.Sobol))
        {
            throw doc.Error(methodNode, "method", $"unknown method '{method}' (expected morris or sobol)");
        }
        int samples = 0, trajectories = 0, levels = 0;
        if (method == SensitivityPlan.Sobol)
        {
            Refuse(doc, root, "trajectories", "a Morris setting; Sobol takes 'samples'");
            Refuse(doc, root, "levels", "a Morris setting; Sobol takes 'samples'");
            var n = doc.Get(root, "samples") ?? throw doc.Error(root, "samples", "missing required key 'samples' (N, the base sample size of Saltelli's design; a power of two)");
            samples = doc.Positive(n, "samples", 1 << 20);
            if (samples < 2)
            {
                throw doc.Error(n, "samples", "must be at least 2");
            }
        }
        else
        {
            Refuse(doc, root, "samples", "a Sobol setting; Morris takes 'trajectories' and 'levels'");
            var r = doc.Get(root, "trajectories") ?? throw doc.Error(root, "trajectories", "missing required key 'trajectories' (r, the number of Morris trajectories)");
            trajectories = doc.Positive(r, "trajectories", 100_000);
            levels = doc.Get(root, "levels") is { } p ? doc.Positive(p, "levels", 1000) : 4;
            if (levels < 2 || levels % 2 != 0)
            {
                throw doc.Error(doc.Get(root, "levels")!, "levels", $"must be an even number of at least 2 (got {levels}): Δ = p/(2(p−1)) lands on the grid only for even p");
            }
        }
        int bootstrap = doc.Get(root, "bootstrap") is { } bNode ? doc.Positive(bNode, "bootstrap", 100_000) : 1000;

        var parameters = ParseRanges(doc, root, scenario, method);
        var outputs = new List<SensitivityOutput>();
        var configs = new List<SensitivityConfig>();
        ParseOutputs(doc, root, scenario, outputs, configs);
        ParseContrasts(doc, root, directory, scenario, parameters, outputs, configs);
        if (outputs.Count == 0)
        {
            throw doc.Error(root, "outputs", "no output: give 'outputs' (statistics of metrics) and/or 'contrasts' (a claims file's conditions)");
        }

        // keep: as in an experiment (the same keys, names and checks); absent, no runs.csv is written.
        var keep = doc.Get(root, "keep") is null ? ((IReadOnlyList<string>?)null, (IReadOnlyList<string>?)null) : ExperimentParser.ParseKeep(doc, root, scenario);
        var plan = new SensitivityPlan(
            Name: name, Description: description, SensitivityFile: Path.GetFileName(source), Scenario: reference,
            BaseScenarioSha256: Convert.ToHexStringLower(SHA256.HashData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(scenario, Manifest.Json))),
            Method: method, Samples: samples, Trajectories: trajectories, Levels: levels, Bootstrap: bootstrap, Seed: seed, Ticks: scenario.Ticks,
            Parameters: parameters.Select(p => p.Parameter).ToList(), Configs: configs, Outputs: outputs, Replicates: replicates,
            KeepMetrics: keep.Item1, KeepScopes: keep.Item2);

        if (method == SensitivityPlan.Sobol && 2 * plan.K > SobolSequence.MaxDimensions)
        {
            throw doc.Error(doc.Get(root, "ranges")!, "ranges", $"Sobol handles at most {SobolSequence.MaxDimensions / 2} parameters here (the direction table has {SobolSequence.MaxDimensions} dimensions); screen with morris first");
        }
        if (method == SensitivityPlan.Sobol)
        {
            plan = plan with { Pairing = ChoosePairing(doc, samples, parameters, notes) };
        }
        // Arms that are the same scenario at every point (C1's and C2's four modes, C3's two plain modes) run once.
        plan = SharedConfigs.Merge(plan, CheckPoints(doc, plan, scenario, parameters));
        CheckSize(doc, root, plan);
        if (method == SensitivityPlan.Sobol && !Saltelli.IsPowerOfTwo(samples))
        {
            notes.Add($"samples: {samples} is not a power of two; the Sobol' sequence balances best at powers of two (Owen 2020)");
        }
        return new SensitivityDesign(plan, scenario) { Notes = notes };
    }

    /// <summary>
    /// B's columns (<see cref="SaltelliPairing"/>), each moved one noted; a parameter no dimension balances
    /// is refused at its range.
    /// </summary>
    private static IReadOnlyList<SaltelliColumn> ChoosePairing(YamlDoc doc, int samples, List<(SensitivityParameter Parameter, YamlNode Node)> parameters, List<string> notes)
    {
        var (columns, unbalanced) = SaltelliPairing.Choose(samples, [.. parameters.Select(p => p.Parameter)]);
        if (unbalanced is int i)
        {
            var c = columns[i];
            throw doc.Error(parameters[i].Node, "ranges." + c.Parameter,
                string.Create(CultureInfo.InvariantCulture, $"Saltelli's design with samples: {samples} cannot balance this parameter: in no free dimension of the Sobol' sequence (of {SobolSequence.MaxDimensions}) do its A and B columns fall on the same {(c.Levels == 2 && !SaltelliPairing.IsDiscrete(parameters[i].Parameter) ? "half of the range" : "level")} in a share of the {samples} base points within {SaltelliPairing.Tolerance(samples, c.Levels):0.###} of {c.Independent:0.###}, as independent draws would (dimension {c.BDimension}: {c.SameLevel:0.###}); use a larger power of two for samples, or fewer parameters"));
        }
        int k = parameters.Count;
        var salib = SobolSequence.Generate(samples, 2 * k, Saltelli.Skip(samples));
        foreach (var (c, j) in columns.Select((c, j) => (c, j)).Where(x => x.c.BDimension != k + x.j + 1))
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"sobol: B's column of {c.Parameter} is dimension {c.BDimension} of the Sobol' sequence, not SALib's {k + j + 1}: with that one A and B fell on the same {(SaltelliPairing.IsDiscrete(parameters[j].Parameter) ? "level" : "half of the range")} in {SaltelliPairing.SameLevel(salib, j, k + j, c.Levels) * samples:0} of the {samples} base points, now in {c.SameLevel * samples:0} (independent draws: {c.Independent * samples:0.#}; docs/SENSITIVITY.md)"));
        }
        return columns;
    }

    private static void Refuse(YamlDoc doc, YamlMappingNode root, string key, string why)
    {
        if (doc.Get(root, key) is { } node)
        {
            throw doc.Error(node, key, why);
        }
    }

    private static (string Ref, Scenario Scenario) LoadBase(YamlDoc doc, YamlMappingNode root, string directory)
    {
        string reference = doc.RequiredText(root, "scenario");
        string candidate = Path.IsPathRooted(reference) ? reference : Path.Combine(directory, reference);
        try
        {
            return (reference, ScenarioLoader.Load(File.Exists(candidate) ? candidate : reference));
        }
        catch (ScenarioException e)
        {
            throw doc.Error(doc.Get(root, "scenario")!, "scenario", "the base scenario is not valid: " + e.Message);
        }
    }

    private static List<PlanReplicate> ParseReplicates(YamlDoc doc, YamlMappingNode root, ulong seed)
    {
        var countNode = doc.Get(root, "replicates");
        var seedsNode = doc.Get(root, "seeds");
        if (countNode is not null && seedsNode is not null)
        {
            throw doc.Error(seedsNode, "seeds", "give either 'replicates' (seeds derived from the seed) or 'seeds' (explicit), not both");
        }
        if (seedsNode is not null)
        {
            if (seedsNode is not YamlSequenceNode { Children.Count: > 0 } list)
            {
                throw doc.Error(seedsNode, "seeds", "expected a non-empty list of seeds");
            }
            var result = new List<PlanReplicate>();
            for (int i = 0; i < list.Children.Count; i++)
            {
                ulong s = doc.ULongValue(list.Children[i], $"seeds[{i}]");
                if (result.Any(r => r.Seed == s))
                {
                    throw doc.Error(list.Children[i], $"seeds[{i}]", $"seed {s} is listed twice");
                }
                result.Add(new PlanReplicate(i + 1, s));
            }
            return result;
        }
        int count = countNode is null ? 1 : doc.Positive(countNode, "replicates", 10_000);
        return [.. Designs.ReplicateSeeds(seed, count).Select((s, i) => new PlanReplicate(i + 1, s))];
    }

    private static List<(SensitivityParameter Parameter, YamlNode Node)> ParseRanges(YamlDoc doc, YamlMappingNode root, Scenario scenario, string method)
    {
        if (doc.Get(root, "ranges") is not YamlMappingNode { Children.Count: > 0 } ranges)
        {
            throw doc.Error(doc.Get(root, "ranges") ?? root, "ranges", "expected a mapping of parameter → [min, max] (at least one)");
        }
        var result = new List<(SensitivityParameter, YamlNode)>();
        foreach (var (keyNode, valueNode) in ranges.Children)
        {
            string path = ((YamlScalarNode)keyNode).Value ?? "";
            string key = "ranges." + path;
            var parameter = doc.Wrap(keyNode, key, () => ScenarioParameters.Resolve(path, scenario));
            if (result.Any(r => r.Item1.Path == path))
            {
                throw doc.Error(keyNode, key, $"parameter '{path}' is listed twice");
            }
            if (valueNode is not YamlSequenceNode { Children.Count: 2 } pair
                || pair.Children[0] is not YamlScalarNode { Value: { } lowText } || pair.Children[1] is not YamlScalarNode { Value: { } highText })
            {
                throw doc.Error(valueNode, key, parameter.Kind == ParameterKind.Boolean ? "expected [false, true]" : "expected a range [min, max]");
            }
            if (parameter.Kind == ParameterKind.Boolean)
            {
                if (lowText != "false" || highText != "true")
                {
                    throw doc.Error(valueNode, key, $"a switch is sampled as [false, true] (false below ½, true from ½), got [{lowText}, {highText}]");
                }
                result.Add((new SensitivityParameter(path, "boolean", 0, 1), keyNode));
                continue;
            }
            if (!parameter.IsNumeric)
            {
                throw doc.Error(keyNode, key, $"a {parameter.Kind.ToString().ToLowerInvariant()} parameter cannot be sampled from a range: compare its values as arms of a claim (contrasts)");
            }
            var low = doc.Wrap(pair.Children[0], key, () => parameter.Parse(lowText));
            var high = doc.Wrap(pair.Children[1], key, () => parameter.Parse(highText));
            double min = Convert.ToDouble(low.Value, CultureInfo.InvariantCulture), max = Convert.ToDouble(high.Value, CultureInfo.InvariantCulture);
            if (min >= max)
            {
                throw doc.Error(valueNode, key, $"min ({low.Text}) must be less than max ({high.Text})");
            }
            string kind = parameter.Kind switch { ParameterKind.Integer => "integer", ParameterKind.Fraction => "fraction", _ => "real" };
            result.Add((new SensitivityParameter(path, kind, min, max), keyNode));
        }
        return result;
    }

    private static void ParseOutputs(YamlDoc doc, YamlMappingNode root, Scenario scenario, List<SensitivityOutput> outputs, List<SensitivityConfig> configs)
    {
        if (doc.Get(root, "outputs") is not { } node)
        {
            return;
        }
        if (node is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            throw doc.Error(node, "outputs", "expected a list like [{ metric: cloud_adoption, statistic: final }]");
        }
        configs.Add(new SensitivityConfig("base", new Dictionary<string, string>()));
        var scopes = Scopes(scenario);
        for (int i = 0; i < list.Children.Count; i++)
        {
            string key = $"outputs[{i}]";
            if (list.Children[i] is not YamlMappingNode map)
            {
                throw doc.Error(list.Children[i], key, "expected { metric: NAME, statistic: final | mean | { at-tick: T } | …, scope: nation | PROVINCE, name: NAME }");
            }
            doc.AllowOnly(map, key, OutputKeys);
            var metricNode = doc.Get(map, "metric") ?? throw doc.Error(map, key, "missing required key 'metric'");
            string metric = ClaimsParser.CheckMetric(doc, metricNode, key + ".metric");
            string scope = doc.Get(map, "scope") is { } s ? ClaimsParser.CheckScope(doc, s, key + ".scope", scopes) : Engine.MetricsRows.NationScope;
            var statistic = doc.Get(map, "statistic") is { } st ? ClaimsParser.ParseStatistic(doc, st, key + ".statistic", scenario.Ticks) : ClaimStatistic.Final;
            string name = doc.Text(map, "name", key + ".name")
                ?? $"{metric}.{statistic.Key}{(scope == Engine.MetricsRows.NationScope ? "" : "@" + scope)}";
            if (!YamlDoc.IsSafeName(name))
            {
                throw doc.Error(doc.Get(map, "name")!, key + ".name", $"'{name}' is not a valid name (letters, digits, '.', '_', '-')");
            }
            if (outputs.Any(o => o.Name == name))
            {
                throw doc.Error(map, key, $"output '{name}' is declared twice");
            }
            outputs.Add(new SensitivityOutput(name, $"{MetricInfo.Label(metric)}, {statistic} ({scope})", metric, scope, statistic,
                new Dictionary<string, int> { ["base"] = 1 }, []));
        }
    }

    private static List<string> Scopes(Scenario scenario) => [Engine.MetricsRows.NationScope, .. scenario.Provinces.Select(p => p.Name)];

    private static void ParseContrasts(YamlDoc doc, YamlMappingNode root, string directory, Scenario scenario,
        List<(SensitivityParameter Parameter, YamlNode Node)> parameters, List<SensitivityOutput> outputs, List<SensitivityConfig> configs)
    {
        if (doc.Get(root, "contrasts") is not { } node)
        {
            return;
        }
        if (node is not YamlMappingNode map)
        {
            throw doc.Error(node, "contrasts", "expected { file: CLAIMS.yaml, claims: [C1, …] }");
        }
        doc.AllowOnly(map, "contrasts", ContrastKeys);
        var fileNode = doc.Get(map, "file") ?? throw doc.Error(map, "contrasts", "missing required key 'file' (a claims file, e.g. claims.yaml)");
        string file = doc.RequiredText(map, "file", "contrasts.file");
        string path = Path.IsPathRooted(file) ? file : Path.Combine(directory, file);
        var claimsFile = ClaimsParser.Load(path);
        var chosen = claimsFile.Claims.ToList();
        if (doc.Get(map, "claims") is { } claimsNode)
        {
            if (claimsNode is not YamlSequenceNode { Children.Count: > 0 } ids)
            {
                throw doc.Error(claimsNode, "contrasts.claims", "expected a non-empty list of claim ids");
            }
            chosen = [];
            for (int i = 0; i < ids.Children.Count; i++)
            {
                string id = (ids.Children[i] as YamlScalarNode)?.Value ?? "";
                var claim = claimsFile.Claims.FirstOrDefault(c => c.Id == id)
                    ?? throw doc.Error(ids.Children[i], $"contrasts.claims[{i}]", $"no claim '{id}' in {file} (claims: {string.Join(", ", claimsFile.Claims.Select(c => c.Id))})");
                if (chosen.Contains(claim))
                {
                    throw doc.Error(ids.Children[i], $"contrasts.claims[{i}]", $"claim '{id}' is listed twice");
                }
                chosen.Add(claim);
            }
        }
        var scopes = Scopes(scenario);
        foreach (var claim in chosen)
        {
            var armConfig = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var arm in claim.Arms)
            {
                string id = (claim.Id + "-" + arm.Name).ToLowerInvariant();
                armConfig[arm.Name] = id;
                configs.Add(new SensitivityConfig(id, arm.Overrides.ToDictionary(o => o.Path, o => o.Value, StringComparer.Ordinal)));
                doc.Wrap(fileNode, "contrasts.file", () => ClaimsParser.Apply(scenario, arm.Overrides));
            }
            var outputNames = OutputNames(claim);
            for (int c = 0; c < claim.Conditions.Count; c++)
            {
                var condition = claim.Conditions[c];
                var measure = condition.Measure;
                if (!scopes.Contains(measure.Scope))
                {
                    throw doc.Error(fileNode, "contrasts.file", $"{claim.Id}: scope '{measure.Scope}' is not in the base scenario (scopes: {string.Join(", ", scopes)})");
                }
                int lastTick = measure.Statistic.Kind == "at-tick" ? measure.Statistic.Tick : measure.Statistic.Kind == "mean" ? measure.Statistic.To ?? 0 : 0;
                if (lastTick >= scenario.Ticks)
                {
                    throw doc.Error(fileNode, "contrasts.file", $"{claim.Id}: the statistic '{measure.Statistic}' needs tick {lastTick}, but the runs have {scenario.Ticks} ticks (0 … {scenario.Ticks - 1})");
                }
                var weights = condition.Weights.ToDictionary(w => armConfig[w.Key], w => w.Value, StringComparer.Ordinal);
                var setBy = parameters.Select(p => p.Parameter.Path)
                    .Where(p => condition.Weights.Keys.Any(arm => Overrides(claim.Arms.First(a => a.Name == arm), p))).ToList();
                outputs.Add(new SensitivityOutput(outputNames[c], $"{claim.Id}: {condition.Expect} — {MetricInfo.Label(measure.Metric)}, {measure.Statistic}",
                    measure.Metric, measure.Scope, measure.Statistic, weights, setBy));
            }
        }
    }

    /// <summary>
    /// The output name of each of a claim's conditions, in order: <c>&lt;claim id&gt;:&lt;condition name&gt;</c>, with
    /// <c>.metric</c> (then <c>.statistic</c>) appended when two conditions of the claim share a name. Also how
    /// <c>claims --posterior --sensitivity</c> finds a claim's outputs in indices.csv.
    /// </summary>
    public static IReadOnlyList<string> OutputNames(Claim claim)
    {
        var names = claim.Conditions.Select(ConditionName).ToList();
        var result = new List<string>();
        for (int c = 0; c < claim.Conditions.Count; c++)
        {
            var measure = claim.Conditions[c].Measure;
            string name = names.Count(n => n == names[c]) > 1 ? $"{names[c]}.{measure.Metric}" : names[c];
            if (names.Count(n => n == names[c]) > 1 && claim.Conditions.Count(k => ConditionName(k) == names[c] && k.Measure.Metric == measure.Metric) > 1)
            {
                name += "." + measure.Statistic.Key;
            }
            result.Add($"{claim.Id}:{name}");
        }
        return result;
    }

    /// <summary>
    /// A condition's name from its expectation: arm names joined by <c>-minus-</c>/<c>-plus-</c>, the two
    /// sides by <c>-vs-</c>: <c>authority &gt; loose</c> → <c>authority-vs-loose</c>.
    /// </summary>
    public static string ConditionName(ClaimCondition condition)
    {
        var parts = new List<string>();
        foreach (string token in condition.Expect.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            parts.Add(token switch { ">" or "<" => "vs", "-" => "minus", "+" => "plus", _ => token });
        }
        return string.Join("-", parts);
    }

    /// <summary>Whether an arm sets <paramref name="path"/>, itself or through a mode (which sets the dials and the Cloud Chief system).</summary>
    private static bool Overrides(ClaimArm arm, string path) => arm.Overrides.Any(o => o.Path == path
        || (o.Path == "mode" && (path.StartsWith("dials.", StringComparison.Ordinal) || path.StartsWith("cloud-chief-system.", StringComparison.Ordinal)
            || (path.StartsWith("provinces[", StringComparison.Ordinal) && (path.Contains("].dials.", StringComparison.Ordinal) || path.Contains("].mode", StringComparison.Ordinal) || path.Contains("].cloud-chief-system.", StringComparison.Ordinal))))));

    private static void CheckSize(YamlDoc doc, YamlMappingNode root, SensitivityPlan plan)
    {
        var maxNode = doc.Get(root, "max-runs");
        long maxRuns = maxNode is null ? DefaultMaxRuns : doc.Long(maxNode, "max-runs");
        if (maxNode is not null && maxRuns < 1)
        {
            throw doc.Error(maxNode, "max-runs", $"must be at least 1 (got {maxRuns})");
        }
        if (plan.RunCount > maxRuns)
        {
            string size = plan.Method == SensitivityPlan.Sobol
                ? $"N·(k + 2) = {plan.Samples}·{plan.K + 2}"
                : $"r·(k + 1) = {plan.Trajectories}·{plan.K + 1}";
            throw doc.Error(maxNode ?? doc.Get(root, plan.Method == SensitivityPlan.Sobol ? "samples" : "trajectories")!, maxNode is null ? (plan.Method == SensitivityPlan.Sobol ? "samples" : "trajectories") : "max-runs",
                $"the design has {size} = {plan.PointCount} points × {plan.Configs.Count} configurations × {plan.Replicates.Count} replicates = {plan.RunCount} runs, more than the limit of {maxRuns}"
                + (maxNode is null ? " (raise it with 'max-runs')" : ""));
        }
    }

    /// <summary>
    /// Applies every point in every configuration, so a point the model refuses (e.g. an inconsistent pair of
    /// constants) is an error now, at the range that produced it; returns each configuration's fingerprint
    /// over all points (<see cref="SharedConfigs"/>).
    /// </summary>
    private static string[] CheckPoints(YamlDoc doc, SensitivityPlan plan, Scenario scenario, List<(SensitivityParameter Parameter, YamlNode Node)> parameters)
    {
        var values = plan.Values();
        var fingerprints = new SharedConfigs.Fingerprints(plan.Configs.Count);
        for (int p = 0; p < values.Length; p++)
        {
            for (int c = 0; c < plan.Configs.Count; c++)
            {
                try
                {
                    fingerprints.Add(c, plan.ScenarioAt(scenario, values[p], c));
                }
                catch (ParameterException e)
                {
                    var culprit = parameters.FirstOrDefault(x => e.Message.Contains(x.Parameter.Path, StringComparison.Ordinal));
                    string where = string.Join(", ", plan.Parameters.Select((x, i) => $"{x.Path} = {x.Text(values[p][i])}"));
                    throw doc.Error(culprit.Node ?? parameters[0].Node, "ranges." + (culprit.Parameter?.Path ?? parameters[0].Parameter.Path),
                        $"sample point {p + 1} ({where}) is not a valid scenario in configuration {plan.Configs[c].Id}: {e.Message}; narrow the ranges so they cannot conflict");
                }
            }
        }
        return fingerprints.Finish();
    }
}
