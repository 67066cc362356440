using System.Globalization;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;
using OrleansGov.Scenarios;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OrleansGov.Client.Claims;

/// <summary>
/// Reads a claims file (docs/CLAIMS.md): a base scenario, replicates, a robustness design and the
/// claims with their arms, conditions and mechanisms. Every problem is one <see cref="ExperimentException"/>
/// naming the file, line, column and key; nothing is run before the whole file is checked.
/// </summary>
public static class ClaimsParser
{
    private static readonly string[] TopKeys = ["name", "description", "scenario", "timeline", "ticks", "seed", "replicates", "sesoi", "robustness", "claims"];
    private static readonly string[] RobustnessKeys = ["points", "replicates", "seed", "ranges"];
    private static readonly string[] ClaimKeys = ["id", "text", "note", "label", "metric", "scope", "statistic", "sesoi", "arms", "conditions", "mechanism", "robustness-exclude"];
    private static readonly string[] ConditionKeys = ["expect", "metric", "scope", "statistic", "sesoi", "counts", "mechanism-test"];
    private static readonly string[] LabelKeys = ["kind", "argument"];

    public static ClaimsFile Load(string path)
    {
        var (text, directory) = YamlDoc.ReadFile(path);
        return Parse(text, path, directory);
    }

    public static ClaimsFile Parse(string yaml, string source, string directory)
    {
        var doc = new YamlDoc(source, "a claims file");
        var root = doc.Root(yaml);
        doc.AllowOnly(root, "", TopKeys);
        string name = doc.RequiredText(root, "name");
        if (!YamlDoc.IsSafeName(name))
        {
            throw doc.Error(doc.Get(root, "name")!, "name", $"'{name}' is not a valid name (use letters, digits, '.', '_' and '-')");
        }
        string description = doc.Text(root, "description") ?? "";

        string reference = doc.RequiredText(root, "scenario");
        string candidate = Path.IsPathRooted(reference) ? reference : Path.Combine(directory, reference);
        Scenario scenario;
        try
        {
            scenario = ScenarioLoader.Load(File.Exists(candidate) ? candidate : reference);
        }
        catch (ScenarioException e)
        {
            throw doc.Error(doc.Get(root, "scenario")!, "scenario", "the base scenario is not valid: " + e.Message);
        }

        var notes = new List<string>();
        bool removeTimeline = false;
        if (doc.Get(root, "timeline") is { } timelineNode)
        {
            string value = (timelineNode as YamlScalarNode)?.Value ?? "";
            removeTimeline = value switch
            {
                "none" => true,
                "keep" => false,
                _ => throw doc.Error(timelineNode, "timeline", $"expected 'none' (drop the base scenario's timeline, so arms compare clean settings) or 'keep', got '{value}'"),
            };
        }
        if (removeTimeline)
        {
            scenario = scenario with { Timeline = [] };
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
        ulong seed = doc.Get(root, "seed") is { } seedNode ? doc.ULongValue(seedNode, "seed") : 1;
        int replicates = doc.Get(root, "replicates") is { } repNode ? doc.Positive(repNode, "replicates", 10_000) : 20;

        var sesoi = doc.Get(root, "sesoi") is { } sesoiNode ? SesoiTable.Parse(doc, sesoiNode, "sesoi") : [];
        var robustness = ParseRobustness(doc, root, scenario, seed);

        if (doc.Get(root, "claims") is not YamlSequenceNode { Children.Count: > 0 } claimsNode)
        {
            throw doc.Error(doc.Get(root, "claims") ?? root, "claims", "expected a non-empty list of claims");
        }
        var claims = new List<Claim>();
        for (int i = 0; i < claimsNode.Children.Count; i++)
        {
            var claim = ParseClaim(doc, claimsNode.Children[i], $"claims[{i}]", scenario, robustness, sesoi);
            if (claims.Any(c => c.Id == claim.Id))
            {
                throw doc.Error(claimsNode.Children[i], $"claims[{i}].id", $"claim '{claim.Id}' is defined twice");
            }
            claims.Add(claim);
        }
        return new ClaimsFile(name, description, reference, removeTimeline, scenario, seed, replicates, robustness, sesoi, claims) { Notes = notes };
    }

    /// <summary>Applies overrides to <paramref name="scenario"/>: <c>mode</c> first (it sets both dials), then the rest in order.</summary>
    public static Scenario Apply(Scenario scenario, IEnumerable<(string Path, string Value)> overrides)
    {
        var list = overrides.ToList();
        foreach (var (path, value) in list.Where(o => o.Path == "mode").Concat(list.Where(o => o.Path != "mode")))
        {
            var parameter = ScenarioParameters.Resolve(path, scenario);
            scenario = parameter.Apply(scenario, parameter.Parse(value));
        }
        return scenario;
    }

    private static RobustnessDesign ParseRobustness(YamlDoc doc, YamlMappingNode root, Scenario scenario, ulong seed)
    {
        if (doc.Get(root, "robustness") is not { } node)
        {
            return new RobustnessDesign(0, 0, seed, []);
        }
        if (node is not YamlMappingNode map)
        {
            throw doc.Error(node, "robustness", "expected a mapping with points, replicates, seed and ranges");
        }
        doc.AllowOnly(map, "robustness", RobustnessKeys);
        int points = doc.Get(map, "points") is { } p ? doc.Positive(p, "robustness.points", 10_000) : 30;
        int reps = doc.Get(map, "replicates") is { } r ? doc.Positive(r, "robustness.replicates", 1000) : 3;
        ulong rseed = doc.Get(map, "seed") is { } s ? doc.ULongValue(s, "robustness.seed") : seed;
        if (doc.Get(map, "ranges") is not YamlMappingNode { Children.Count: > 0 } ranges)
        {
            throw doc.Error(doc.Get(map, "ranges") ?? map, "robustness.ranges", "expected a mapping of numeric parameter → [min, max]");
        }
        var list = new List<(string, double, double)>();
        foreach (var (keyNode, valueNode) in ranges.Children)
        {
            string path = ((YamlScalarNode)keyNode).Value ?? "";
            string key = "robustness.ranges." + path;
            var parameter = doc.Wrap(keyNode, key, () => ScenarioParameters.Resolve(path, scenario));
            if (!parameter.IsNumeric)
            {
                throw doc.Error(keyNode, key, "only numeric parameters can be sampled from a range");
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
            list.Add((path, min, max));
        }
        return new RobustnessDesign(points, reps, rseed, list);
    }

    private static Claim ParseClaim(YamlDoc doc, YamlNode node, string key, Scenario scenario, RobustnessDesign robustness, Dictionary<string, double> fileSesoi)
    {
        if (node is not YamlMappingNode map)
        {
            throw doc.Error(node, key, "expected a claim: a mapping with id, text, label, metric, arms, conditions, mechanism");
        }
        doc.AllowOnly(map, key, ClaimKeys);
        string id = doc.RequiredText(map, "id", key + ".id");
        if (!YamlDoc.IsSafeName(id))
        {
            throw doc.Error(doc.Get(map, "id")!, key + ".id", $"'{id}' is not a valid id");
        }
        string text = doc.RequiredText(map, "text", key + ".text");
        string note = doc.Text(map, "note", key + ".note") ?? "";
        var label = ParseLabel(doc, map, key);
        var claimSesoi = doc.Get(map, "sesoi") is { } claimSesoiNode ? SesoiTable.Parse(doc, claimSesoiNode, key + ".sesoi") : [];
        var scopes = new List<string> { Engine.MetricsRows.NationScope };
        scopes.AddRange(scenario.Provinces.Select(p => p.Name));

        string? metric = doc.Get(map, "metric") is { } mNode ? CheckMetric(doc, mNode, key + ".metric") : null;
        string scope = doc.Get(map, "scope") is { } sNode ? CheckScope(doc, sNode, key + ".scope", scopes) : Engine.MetricsRows.NationScope;
        var statistic = doc.Get(map, "statistic") is { } stNode ? ParseStatistic(doc, stNode, key + ".statistic", scenario.Ticks) : ClaimStatistic.Final;

        if (doc.Get(map, "arms") is not YamlMappingNode { Children.Count: >= 2 } armsNode)
        {
            throw doc.Error(doc.Get(map, "arms") ?? map, key + ".arms", "expected a mapping of at least two arms, each a mapping of parameter → value");
        }
        var arms = new List<ClaimArm>();
        foreach (var (armKey, armValue) in armsNode.Children)
        {
            string armName = ((YamlScalarNode)armKey).Value ?? "";
            string armPath = $"{key}.arms.{armName}";
            if (!YamlDoc.IsSafeName(armName))
            {
                throw doc.Error(armKey, armPath, $"'{armName}' is not a valid arm name (letters, digits, '.', '_', '-')");
            }
            var overrides = new List<(string, string)>();
            if (armValue is YamlMappingNode armMap)
            {
                foreach (var (pKey, pValue) in armMap.Children)
                {
                    string path = ((YamlScalarNode)pKey).Value ?? "";
                    string pPath = $"{armPath}.{path}";
                    if (pValue is not YamlScalarNode { Value: { Length: > 0 } valueText })
                    {
                        throw doc.Error(pValue, pPath, "expected a single value");
                    }
                    var parameter = doc.Wrap(pKey, pPath, () => ScenarioParameters.Resolve(path, scenario));
                    var value = doc.Wrap(pValue, pPath, () => parameter.Parse(valueText));
                    overrides.Add((path, value.Text));
                }
            }
            else if (armValue is not YamlScalarNode { Value: null or "" or "{}" })
            {
                throw doc.Error(armValue, armPath, "expected a mapping of parameter → value ({} for the base scenario)");
            }
            doc.Wrap(armValue, armPath, () => Apply(scenario, overrides));
            arms.Add(new ClaimArm(armName, overrides));
        }

        if (doc.Get(map, "conditions") is not YamlSequenceNode { Children.Count: > 0 } condNode)
        {
            throw doc.Error(doc.Get(map, "conditions") ?? map, key + ".conditions", "expected a non-empty list of conditions like { expect: authority > loose }");
        }
        var conditions = new List<ClaimCondition>();
        for (int i = 0; i < condNode.Children.Count; i++)
        {
            string cKey = $"{key}.conditions[{i}]";
            var item = condNode.Children[i];
            YamlMappingNode cMap = item as YamlMappingNode ?? throw doc.Error(item, cKey, "expected { expect: ARM > ARM, metric?, scope?, statistic?, counts? }");
            doc.AllowOnly(cMap, cKey, ConditionKeys);
            var expectNode = doc.Get(cMap, "expect") ?? throw doc.Error(cMap, cKey, "missing required key 'expect'");
            string expect = (expectNode as YamlScalarNode)?.Value ?? "";
            var (weights, sign) = ParseExpect(doc, expectNode, cKey + ".expect", expect, arms);
            string? cMetric = doc.Get(cMap, "metric") is { } cm ? CheckMetric(doc, cm, cKey + ".metric") : metric;
            if (cMetric is null)
            {
                throw doc.Error(cMap, cKey, "no metric: give one for the claim or the condition");
            }
            string cScope = doc.Get(cMap, "scope") is { } cs ? CheckScope(doc, cs, cKey + ".scope", scopes) : scope;
            var cStat = doc.Get(cMap, "statistic") is { } cst ? ParseStatistic(doc, cst, cKey + ".statistic", scenario.Ticks) : statistic;
            bool Flag(string name) => doc.Get(cMap, name) is not { } flagNode || ((flagNode as YamlScalarNode)?.Value switch
            {
                "true" => true,
                "false" => false,
                _ => throw doc.Error(flagNode, $"{cKey}.{name}", "expected true or false"),
            });
            bool counts = Flag("counts");
            var measure = new Measure(cMetric, cScope, cStat);
            double sesoi = doc.Get(cMap, "sesoi") is { } cSesoi ? SesoiTable.Value(doc, cSesoi, cKey + ".sesoi", measure.SesoiKey)
                : claimSesoi.TryGetValue(measure.SesoiKey, out double fromClaim) ? fromClaim
                : fileSesoi.TryGetValue(measure.SesoiKey, out double fromFile) ? fromFile
                : throw doc.Error(cMap, cKey + ".sesoi",
                    $"no smallest effect of interest for {measure.SesoiKey}{(cStat.IsMilestone ? " (a milestone, measured in ticks)" : "")}: declare '{measure.SesoiKey}' under the top-level sesoi: (with its reasoning), under the claim's sesoi:, or give sesoi: on the condition");
            conditions.Add(new ClaimCondition(expect.Trim(), weights, sign, measure, sesoi, counts, counts && Flag("mechanism-test")));
        }
        if (!conditions.Any(c => c.Counts))
        {
            throw doc.Error(condNode, key + ".conditions", "at least one condition must count toward the verdict");
        }

        var mechanisms = new List<string>();
        if (doc.Get(map, "mechanism") is { } mechNode)
        {
            var items = mechNode is YamlSequenceNode seq ? seq.Children.ToList() : [mechNode];
            foreach (var item in items)
            {
                string mech = (item as YamlScalarNode)?.Value ?? "";
                string path = "mechanisms." + mech;
                var parameter = doc.Wrap(item, key + ".mechanism", () => ScenarioParameters.Resolve(path, scenario));
                if (parameter.Kind != ParameterKind.Boolean)
                {
                    throw doc.Error(item, key + ".mechanism", $"'{mech}' is not a mechanism switch (a boolean under mechanisms., docs/MODEL.md §6.0a)");
                }
                mechanisms.Add(path);
            }
        }

        var exclude = new List<string>();
        if (doc.Get(map, "robustness-exclude") is { } exNode)
        {
            if (exNode is not YamlSequenceNode exList)
            {
                throw doc.Error(exNode, key + ".robustness-exclude", "expected a list of parameter paths from robustness.ranges");
            }
            foreach (var item in exList.Children)
            {
                string path = (item as YamlScalarNode)?.Value ?? "";
                if (!robustness.Ranges.Any(r => r.Path == path))
                {
                    throw doc.Error(item, key + ".robustness-exclude", $"'{path}' is not one of robustness.ranges ({string.Join(", ", robustness.Ranges.Select(r => r.Path))})");
                }
                exclude.Add(path);
            }
        }
        return new Claim(id, text, note, label, arms, conditions, mechanisms, exclude);
    }

    /// <summary>The required label: <c>{ kind: encoded | emergent, argument: why }</c>.</summary>
    private static ClaimLabel ParseLabel(YamlDoc doc, YamlMappingNode claim, string key)
    {
        const string Expected = "expected { kind: encoded | emergent, argument: why } (encoded: the claim's mechanism is a direct term of a rule; emergent: no single rule states it; docs/CLAIMS.md)";
        var node = doc.Get(claim, "label") ?? throw doc.Error(claim, key + ".label", "missing required key 'label': " + Expected);
        if (node is not YamlMappingNode map)
        {
            throw doc.Error(node, key + ".label", Expected);
        }
        doc.AllowOnly(map, key + ".label", LabelKeys);
        string kindText = doc.RequiredText(map, "kind", key + ".label.kind");
        var kind = kindText switch
        {
            "encoded" => ClaimKind.Encoded,
            "emergent" => ClaimKind.Emergent,
            _ => throw doc.Error(doc.Get(map, "kind")!, key + ".label.kind", $"expected encoded or emergent, got '{kindText}'"),
        };
        string argument = doc.RequiredText(map, "argument", key + ".label.argument");
        return new ClaimLabel(kind, argument.Trim());
    }

    private static (Dictionary<string, int> Weights, int Sign) ParseExpect(YamlDoc doc, YamlNode node, string key, string expect, List<ClaimArm> arms)
    {
        int at = expect.IndexOfAny(['>', '<']);
        if (at <= 0 || expect.IndexOfAny(['>', '<'], at + 1) >= 0)
        {
            throw doc.Error(node, key, $"expected 'ARM > ARM' or 'ARM - ARM > ARM - ARM' (arm names joined by ' + ' or ' - ', then > or <), got '{expect}'");
        }
        var weights = new Dictionary<string, int>(StringComparer.Ordinal);
        void AddSide(string side, int factor)
        {
            int sign = 1;
            bool any = false, pendingOperator = false;
            foreach (string token in side.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (token is "+" or "-")
                {
                    sign = token == "-" ? -1 : 1;
                    pendingOperator = true;
                    continue;
                }
                if (any && !pendingOperator)
                {
                    throw doc.Error(node, key, $"'{expect}': join arm names with ' + ' or ' - ' (spaces around the operator)");
                }
                if (!arms.Any(a => a.Name == token))
                {
                    throw doc.Error(node, key, $"unknown arm '{token}' (arms: {string.Join(", ", arms.Select(a => a.Name))})");
                }
                weights[token] = weights.GetValueOrDefault(token) + sign * factor;
                sign = 1;
                any = true;
                pendingOperator = false;
            }
            if (!any || pendingOperator)
            {
                throw doc.Error(node, key, $"'{expect}': each side of > or < needs arm names");
            }
        }
        AddSide(expect[..at], 1);
        AddSide(expect[(at + 1)..], -1);
        foreach (string zero in weights.Where(kv => kv.Value == 0).Select(kv => kv.Key).ToList())
        {
            weights.Remove(zero);
        }
        if (weights.Count == 0 || weights.Values.Sum() != 0)
        {
            throw doc.Error(node, key, $"'{expect}' is not a contrast (the arm weights must sum to zero, e.g. 'a > b' or 'a - b > c - d')");
        }
        return (weights, expect[at] == '>' ? 1 : -1);
    }

    internal static string CheckMetric(YamlDoc doc, YamlNode node, string key)
    {
        string metric = (node as YamlScalarNode)?.Value ?? "";
        return MetricColumns.All.Any(c => c.Name == metric)
            ? metric
            : throw doc.Error(node, key, $"unknown metric '{metric}' (known: {string.Join(", ", MetricColumns.All.Select(c => c.Name))})");
    }

    internal static string CheckScope(YamlDoc doc, YamlNode node, string key, List<string> scopes)
    {
        string scope = (node as YamlScalarNode)?.Value ?? "";
        return scopes.Contains(scope) ? scope : throw doc.Error(node, key, $"unknown scope '{scope}' (known: {string.Join(", ", scopes)})");
    }

    internal static ClaimStatistic ParseStatistic(YamlDoc doc, YamlNode node, string key, int ticks)
    {
        int Tick(YamlNode n, string k)
        {
            long t = doc.Long(n, k);
            return t >= 0 && t < ticks ? (int)t : throw doc.Error(n, k, $"must be a tick in 0 … {ticks - 1} (got {t})");
        }
        switch (node)
        {
            case YamlScalarNode { Value: "final" }:
                return ClaimStatistic.Final;
            case YamlScalarNode { Value: "mean" }:
                return new ClaimStatistic("mean");
            case YamlMappingNode { Children.Count: 1 } m when doc.Get(m, "at-tick") is { } t:
                return new ClaimStatistic("at-tick", Tick: Tick(t, key + ".at-tick"));
            case YamlMappingNode { Children.Count: 1 } m when doc.Get(m, "mean") is YamlSequenceNode { Children.Count: 2 } w:
                int from = Tick(w.Children[0], key + ".mean"), to = Tick(w.Children[1], key + ".mean");
                return from <= to ? new ClaimStatistic("mean", From: from, To: to) : throw doc.Error(w, key + ".mean", "the window's first tick is after its last");
            case YamlMappingNode { Children.Count: 1 } m when doc.Get(m, "tick-at-least") is { } t:
                return new ClaimStatistic("tick-at-least", Threshold: doc.Double(t, key + ".tick-at-least"));
            case YamlMappingNode { Children.Count: 1 } m when doc.Get(m, "tick-at-most") is { } t:
                return new ClaimStatistic("tick-at-most", Threshold: doc.Double(t, key + ".tick-at-most"));
            default:
                throw doc.Error(node, key, "expected final, mean, { at-tick: N }, { mean: [FROM, TO] }, { tick-at-least: X } or { tick-at-most: X }");
        }
    }
}
