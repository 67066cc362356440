using System.Globalization;
using System.Security.Cryptography;
using OrleansGov.Client.Results;
using OrleansGov.Scenarios;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OrleansGov.Client.Experiments;

/// <summary>
/// Reads an experiment file (docs/EXPERIMENTS.md): a base scenario, factors (grid) and/or a Latin
/// hypercube sample, replicates or seeds, what to keep and the milestones. Every problem is one
/// <see cref="ExperimentException"/> naming the file, line, column and key; nothing is run before.
/// </summary>
public static class ExperimentParser
{
    /// <summary>Runs allowed unless the file states its own <c>max-runs</c>.</summary>
    public const int DefaultMaxRuns = 10_000;

    public const string SeedRule =
        "replicate r (from 1) has seed = the r-th output of SplitMix64 seeded with the experiment seed, top bit cleared; the same for every arm";

    private static readonly string[] Keys =
    [
        "name", "description", "scenario", "seed", "ticks", "replicates", "seeds", "factors", "sample",
        "baseline", "keep", "milestones", "max-runs",
    ];

    public static Experiment Load(string path)
    {
        var (text, directory) = YamlDoc.ReadFile(path);
        return Parse(text, path, directory);
    }

    /// <summary>Parses experiment YAML; a relative base scenario file is looked up in <paramref name="directory"/>.</summary>
    public static Experiment Parse(string yaml, string source, string directory)
    {
        var doc = new YamlDoc(source, "an experiment");
        var root = doc.Root(yaml);
        doc.AllowOnly(root, "", Keys);

        string name = doc.RequiredText(root, "name");
        if (!YamlDoc.IsSafeName(name))
        {
            throw doc.Error(root.Children[new YamlScalarNode("name")], "name", $"'{name}' is not a valid name (use letters, digits, '.', '_' and '-')");
        }
        string description = doc.Text(root, "description") ?? "";
        var (scenarioRef, scenario) = LoadBase(doc, root, directory);
        ulong seed = doc.ULong(root, "seed") ?? 1;
        var notes = new List<string>();
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
        var replicates = ParseReplicates(doc, root, seed);

        var factors = new List<Factor>();
        var parameters = new List<(ScenarioParameter Parameter, YamlNode Node, string Key)>();
        var gridLevels = new List<ParameterValue[]>();
        ParseGrid(doc, root, scenario, factors, parameters, gridLevels);
        var samples = ParseSample(doc, root, scenario, seed, factors, parameters);
        if (factors.Count == 0 && (doc.Get(root, "factors") is not null))
        {
            throw doc.Error(root.Children[new YamlScalarNode("factors")], "factors", "lists no factor (give at least one parameter with values, or leave 'factors' out)");
        }

        var arms = BuildArms(doc, gridLevels, samples, factors.Count);
        long runCount = (long)arms.Count * replicates.Count;
        var maxNode = doc.Get(root, "max-runs");
        long maxRuns = maxNode is null ? DefaultMaxRuns : doc.Long(maxNode, "max-runs");
        if (maxNode is not null && maxRuns < 1)
        {
            throw doc.Error(maxNode, "max-runs", $"must be at least 1 (got {maxRuns})");
        }
        if (runCount > maxRuns)
        {
            var where = maxNode ?? doc.Get(root, "factors") ?? doc.Get(root, "sample") ?? (YamlNode)root;
            string key = maxNode is not null ? "max-runs" : doc.Get(root, "factors") is not null ? "factors" : "sample";
            throw doc.Error(where, key, $"the design has {arms.Count} arms × {replicates.Count} replicates = {runCount} runs, more than the limit of {maxRuns}"
                + (maxNode is null ? " (raise it with 'max-runs')" : ""));
        }

        var armScenarios = new Dictionary<string, Scenario>(StringComparer.Ordinal);
        foreach (var (arm, values) in arms)
        {
            armScenarios[arm.Id] = ApplyAll(doc, scenario, parameters, values);
        }
        string baseline = ParseBaseline(doc, root, factors, arms.Select(a => a.Arm).ToList());
        var (metrics, scopes) = ParseKeep(doc, root, scenario);
        var milestones = ParseMilestones(doc, root);

        var plan = new BatchPlan(
            Name: name, Description: description, ExperimentFile: Path.GetFileName(source), Scenario: scenarioRef,
            BaseScenarioSha256: Convert.ToHexStringLower(SHA256.HashData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(scenario, Manifest.Json))),
            Seed: seed, SeedRule: replicates.Explicit ? "explicit seed list; the same for every arm" : SeedRule,
            Ticks: scenario.Ticks, TicksPerYear: scenario.TicksPerYear,
            Factors: factors, Arms: arms.Select(a => a.Arm).ToList(), Replicates: replicates.List,
            Baseline: baseline, Metrics: metrics, Scopes: scopes, Milestones: milestones);
        return new Experiment(plan, armScenarios) { Notes = notes };
    }

    private static (string Ref, Scenario Scenario) LoadBase(YamlDoc doc, YamlMappingNode root, string directory)
    {
        string reference = doc.RequiredText(root, "scenario");
        string candidate = Path.IsPathRooted(reference) ? reference : Path.Combine(directory, reference);
        string load = File.Exists(candidate) ? candidate : reference;
        try
        {
            return (reference, ScenarioLoader.Load(load));
        }
        catch (ScenarioException e)
        {
            var node = root.Children[new YamlScalarNode("scenario")];
            throw doc.Error(node, "scenario", "the base scenario is not valid: " + e.Message);
        }
    }

    private sealed record Replicates(IReadOnlyList<PlanReplicate> List, bool Explicit)
    {
        public int Count => List.Count;
    }

    private static Replicates ParseReplicates(YamlDoc doc, YamlMappingNode root, ulong seed)
    {
        var countNode = doc.Get(root, "replicates");
        var seedsNode = doc.Get(root, "seeds");
        if (countNode is not null && seedsNode is not null)
        {
            throw doc.Error(seedsNode, "seeds", "give either 'replicates' (seeds derived from the experiment seed) or 'seeds' (explicit), not both");
        }
        if (seedsNode is not null)
        {
            if (seedsNode is not YamlSequenceNode { Children.Count: > 0 } list)
            {
                throw doc.Error(seedsNode, "seeds", "expected a non-empty list of seeds");
            }
            var seen = new HashSet<ulong>();
            var result = new List<PlanReplicate>();
            for (int i = 0; i < list.Children.Count; i++)
            {
                string key = $"seeds[{i}]";
                ulong s = doc.ULongValue(list.Children[i], key);
                if (!seen.Add(s))
                {
                    throw doc.Error(list.Children[i], key, $"seed {s} is listed twice");
                }
                result.Add(new PlanReplicate(i + 1, s));
            }
            return new Replicates(result, true);
        }
        long count = countNode is null ? 1 : doc.Long(countNode, "replicates");
        if (count < 1)
        {
            throw doc.Error(countNode!, "replicates", $"must be a positive number of replicates (got {count})");
        }
        if (count > DefaultMaxRuns * 10L)
        {
            throw doc.Error(countNode!, "replicates", $"{count} replicates is more than any design allows");
        }
        var seeds = Designs.ReplicateSeeds(seed, (int)count);
        return new Replicates([.. seeds.Select((s, i) => new PlanReplicate(i + 1, s))], false);
    }

    private static void ParseGrid(YamlDoc doc, YamlMappingNode root, Scenario scenario, List<Factor> factors,
        List<(ScenarioParameter, YamlNode, string)> parameters, List<ParameterValue[]> levels)
    {
        if (doc.Get(root, "factors") is not { } node)
        {
            return;
        }
        if (node is not YamlMappingNode map)
        {
            throw doc.Error(node, "factors", "expected a mapping of parameter → list of values, e.g. 'mode: [loose, authority]'");
        }
        foreach (var (keyNode, valueNode) in map.Children)
        {
            string path = ((YamlScalarNode)keyNode).Value ?? "";
            string key = "factors." + path;
            var parameter = Resolve(doc, keyNode, key, path, scenario, parameters);
            if (valueNode is not YamlSequenceNode { Children.Count: > 0 } list)
            {
                throw doc.Error(valueNode, key, "expected a non-empty list of values, e.g. [0.2, 0.5, 0.8]");
            }
            var values = new List<ParameterValue>();
            for (int i = 0; i < list.Children.Count; i++)
            {
                var item = list.Children[i];
                string itemKey = $"{key}[{i}]";
                if (item is not YamlScalarNode { Value: { Length: > 0 } text })
                {
                    throw doc.Error(item, itemKey, "expected a single value");
                }
                var value = doc.Wrap(item, itemKey, () => parameter.Parse(text));
                if (values.Any(v => v.Text == value.Text))
                {
                    throw doc.Error(item, itemKey, $"value {value.Text} is listed twice");
                }
                values.Add(value);
            }
            factors.Add(new Factor(path, "grid", [.. values.Select(v => v.Text)], null, null));
            parameters.Add((parameter, keyNode, key));
            levels.Add([.. values]);
        }
    }

    private static readonly string[] SampleKeys = ["method", "points", "seed", "ranges"];

    private static List<ParameterValue[]>? ParseSample(YamlDoc doc, YamlMappingNode root, Scenario scenario, ulong experimentSeed,
        List<Factor> factors, List<(ScenarioParameter, YamlNode, string)> parameters)
    {
        if (doc.Get(root, "sample") is not { } node)
        {
            return null;
        }
        if (node is not YamlMappingNode map)
        {
            throw doc.Error(node, "sample", "expected a mapping with method, points, seed and ranges");
        }
        doc.AllowOnly(map, "sample", SampleKeys);
        string method = doc.Text(map, "method", "sample.method") ?? "latin-hypercube";
        if (method != "latin-hypercube")
        {
            throw doc.Error(map.Children[new YamlScalarNode("method")], "sample.method", $"unknown method '{method}' (expected latin-hypercube)");
        }
        var pointsNode = doc.Get(map, "points") ?? throw doc.Error(map, "sample", "missing required key 'points' (how many points to sample)");
        long points = doc.Long(pointsNode, "sample.points");
        if (points < 1 || points > DefaultMaxRuns * 10L)
        {
            throw doc.Error(pointsNode, "sample.points", $"must be a positive number of points (got {points})");
        }
        ulong seed = doc.ULong(map, "seed", "sample.seed") ?? experimentSeed;
        if (doc.Get(map, "ranges") is not YamlMappingNode { Children.Count: > 0 } ranges)
        {
            throw doc.Error(doc.Get(map, "ranges") ?? map, "sample.ranges", "expected a mapping of numeric parameter → [min, max]");
        }
        var dims = new List<(ScenarioParameter Parameter, double Min, double Max)>();
        foreach (var (keyNode, valueNode) in ranges.Children)
        {
            string path = ((YamlScalarNode)keyNode).Value ?? "";
            string key = "sample.ranges." + path;
            var parameter = Resolve(doc, keyNode, key, path, scenario, parameters);
            if (!parameter.IsNumeric)
            {
                throw doc.Error(keyNode, key, $"a {parameter.Kind.ToString().ToLowerInvariant()} parameter cannot be sampled from a range; list its values under 'factors'");
            }
            if (valueNode is not YamlSequenceNode { Children.Count: 2 } pair
                || pair.Children[0] is not YamlScalarNode { Value: { } lowText } || pair.Children[1] is not YamlScalarNode { Value: { } highText })
            {
                throw doc.Error(valueNode, key, "expected a range [min, max]");
            }
            var low = doc.Wrap(pair.Children[0], key, () => parameter.Parse(lowText));
            var high = doc.Wrap(pair.Children[1], key, () => parameter.Parse(highText));
            double min = Convert.ToDouble(low.Value, CultureInfo.InvariantCulture), max = Convert.ToDouble(high.Value, CultureInfo.InvariantCulture);
            if (min > max)
            {
                throw doc.Error(valueNode, key, $"min ({low.Text}) is greater than max ({high.Text})");
            }
            dims.Add((parameter, min, max));
            factors.Add(new Factor(path, "latin-hypercube", null, min, max));
            parameters.Add((parameter, keyNode, key));
        }
        var unit = Designs.LatinHypercube((int)points, dims.Count, seed);
        return [.. unit.Select(point => dims.Select((d, i) =>
        {
            bool integer = d.Parameter.Kind == ParameterKind.Integer;
            double x = Designs.Scale(point[i], d.Min, d.Max, integer);
            return integer ? d.Parameter.Integer((long)x) : d.Parameter.Fraction(x);
        }).ToArray())];
    }

    private static ScenarioParameter Resolve(YamlDoc doc, YamlNode keyNode, string key, string path, Scenario scenario,
        List<(ScenarioParameter Parameter, YamlNode Node, string Key)> seen)
    {
        var parameter = doc.Wrap(keyNode, key, () => ScenarioParameters.Resolve(path, scenario));
        if (seen.Any(s => s.Parameter.Path == path))
        {
            throw doc.Error(keyNode, key, $"parameter '{path}' is varied twice");
        }
        return parameter;
    }

    private static List<(PlanArm Arm, ParameterValue[] Values)> BuildArms(YamlDoc doc, List<ParameterValue[]> grid, List<ParameterValue[]>? samples, int factorCount)
    {
        var gridPoints = Designs.Grid([.. grid.Select(g => g.Length)]);
        var samplePoints = samples ?? [[]];
        int width = Math.Max(2, samplePoints.Count.ToString(CultureInfo.InvariantCulture).Length);
        var arms = new List<(PlanArm, ParameterValue[])>();
        foreach (var g in gridPoints)
        {
            var gridValues = g.Select((level, f) => grid[f][level]).ToArray();
            for (int s = 0; s < samplePoints.Count; s++)
            {
                var parts = gridValues.Select(v => Sanitize(v.Text)).ToList();
                if (samples is not null)
                {
                    parts.Add("p" + (s + 1).ToString("D" + width, CultureInfo.InvariantCulture));
                }
                string id = parts.Count == 0 ? "base" : string.Join("_", parts);
                ParameterValue[] values = [.. gridValues, .. samplePoints[s]];
                arms.Add((new PlanArm(id, [.. values.Select(v => v.Text)]), values));
            }
        }
        if (arms.Select(a => a.Item1.Id).Distinct(StringComparer.Ordinal).Count() != arms.Count)
        {
            int w = Math.Max(2, arms.Count.ToString(CultureInfo.InvariantCulture).Length);
            arms = [.. arms.Select((a, i) => (a.Item1 with { Id = "a" + (i + 1).ToString("D" + w, CultureInfo.InvariantCulture) }, a.Item2))];
        }
        return arms;
    }

    private static Scenario ApplyAll(YamlDoc doc, Scenario scenario, List<(ScenarioParameter Parameter, YamlNode Node, string Key)> parameters, ParameterValue[] values)
    {
        // 'mode' sets both dials, so it goes first and dial factors refine it, as in a scenario file.
        var order = Enumerable.Range(0, parameters.Count).OrderBy(i => parameters[i].Parameter.Path == "mode" ? 0 : 1).ThenBy(i => i);
        foreach (int i in order)
        {
            var (parameter, node, key) = parameters[i];
            scenario = doc.Wrap(node, key, () => parameter.Apply(scenario, values[i]));
        }
        return scenario;
    }

    private static string ParseBaseline(YamlDoc doc, YamlMappingNode root, List<Factor> factors, List<PlanArm> arms)
    {
        if (doc.Get(root, "baseline") is not { } node)
        {
            return arms[0].Id;
        }
        if (node is YamlScalarNode { Value: { } id })
        {
            return arms.Any(a => a.Id == id)
                ? id
                : throw doc.Error(node, "baseline", $"no arm '{id}' (arms: {string.Join(", ", arms.Take(12).Select(a => a.Id))}{(arms.Count > 12 ? ", …" : "")})");
        }
        if (node is YamlMappingNode map)
        {
            var matches = arms.Where(a => map.Children.All(kv =>
            {
                string path = ((YamlScalarNode)kv.Key).Value ?? "";
                int f = factors.FindIndex(x => x.Parameter == path);
                return f >= 0 && kv.Value is YamlScalarNode { Value: { } v } && a.Values[f] == v;
            })).ToList();
            return matches.Count == 1
                ? matches[0].Id
                : throw doc.Error(node, "baseline", $"matches {matches.Count} arms; give factor values that pick exactly one, or an arm id");
        }
        throw doc.Error(node, "baseline", "expected an arm id or a mapping of factor values");
    }

    /// <summary><c>keep:</c> (metrics and scopes, canonical order; every one when absent). Shared with sensitivity files.</summary>
    internal static (IReadOnlyList<string> Metrics, IReadOnlyList<string> Scopes) ParseKeep(YamlDoc doc, YamlMappingNode root, Scenario scenario)
    {
        var allMetrics = MetricColumns.All.Select(c => c.Name).ToList();
        var allScopes = new List<string> { Engine.MetricsRows.NationScope };
        allScopes.AddRange(scenario.Provinces.Select(p => p.Name));
        if (doc.Get(root, "keep") is not { } node)
        {
            return (allMetrics, allScopes);
        }
        if (node is not YamlMappingNode map)
        {
            throw doc.Error(node, "keep", "expected a mapping with 'metrics' and/or 'scopes'");
        }
        doc.AllowOnly(map, "keep", ["metrics", "scopes"]);
        return (Names(doc, map, "metrics", allMetrics), Names(doc, map, "scopes", allScopes));
    }

    private static IReadOnlyList<string> Names(YamlDoc doc, YamlMappingNode map, string key, List<string> known)
    {
        if (doc.Get(map, key) is not { } node)
        {
            return known;
        }
        if (node is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            throw doc.Error(node, "keep." + key, "expected a non-empty list");
        }
        var result = new List<string>();
        for (int i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            string name = (item as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name))
            {
                throw doc.Error(item, $"keep.{key}[{i}]", $"unknown {key[..^1]} '{name}' (known: {string.Join(", ", known)})");
            }
            if (!result.Contains(name))
            {
                result.Add(name);
            }
        }
        // Canonical order (the results files' order), whatever order the file lists them in.
        return [.. known.Where(result.Contains)];
    }

    private static IReadOnlyList<Milestone> ParseMilestones(YamlDoc doc, YamlMappingNode root)
    {
        if (doc.Get(root, "milestones") is not { } node)
        {
            return [.. Results.RunSummary.AdoptionThresholds.Select(t => Make("cloud_adoption", "at-least", t))];
        }
        if (node is not YamlSequenceNode list)
        {
            throw doc.Error(node, "milestones", "expected a list like [{ metric: cloud_adoption, at-least: 0.8 }]");
        }
        var result = new List<Milestone>();
        var metrics = MetricColumns.All.Select(c => c.Name).ToList();
        for (int i = 0; i < list.Children.Count; i++)
        {
            string key = $"milestones[{i}]";
            if (list.Children[i] is not YamlMappingNode item)
            {
                throw doc.Error(list.Children[i], key, "expected { metric: NAME, at-least: VALUE } or { metric: NAME, at-most: VALUE }");
            }
            doc.AllowOnly(item, key, ["metric", "at-least", "at-most", "name"]);
            string metric = doc.RequiredText(item, "metric", key + ".metric");
            if (!metrics.Contains(metric))
            {
                throw doc.Error(item.Children[new YamlScalarNode("metric")], key + ".metric", $"unknown metric '{metric}' (known: {string.Join(", ", metrics)})");
            }
            var least = doc.Get(item, "at-least");
            var most = doc.Get(item, "at-most");
            if ((least is null) == (most is null))
            {
                throw doc.Error(item, key, "give exactly one of 'at-least' and 'at-most'");
            }
            string comparison = least is not null ? "at-least" : "at-most";
            double threshold = doc.Double(least ?? most!, $"{key}.{comparison}");
            var milestone = Make(metric, comparison, threshold);
            if (doc.Text(item, "name", key + ".name") is { } name)
            {
                if (!YamlDoc.IsSafeName(name))
                {
                    throw doc.Error(item.Children[new YamlScalarNode("name")], key + ".name", $"'{name}' is not a valid name");
                }
                milestone = milestone with { Name = name };
            }
            if (result.Any(m => m.Name == milestone.Name))
            {
                throw doc.Error(item, key, $"milestone '{milestone.Name}' is defined twice");
            }
            result.Add(milestone);
        }
        return result;
    }

    private static Milestone Make(string metric, string comparison, double threshold) =>
        new($"{metric}_{(comparison == "at-least" ? "ge" : "le")}_{threshold.ToString("R", CultureInfo.InvariantCulture)}", metric, comparison, threshold);

    private static string Sanitize(string text)
    {
        string clean = new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-')]);
        return clean.Length == 0 ? "x" : clean;
    }
}
