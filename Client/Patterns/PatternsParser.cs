using System.Globalization;
using OrleansGov.Client.Claims;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;
using OrleansGov.Scenarios;
using YamlDotNet.RepresentationModel;

namespace OrleansGov.Client.Patterns;

/// <summary>
/// Reads a patterns file (docs/CALIBRATION.md) and checks it against the scenario it will be run on:
/// every pattern has a source with a citation and a quote, a known metric and scope, a tick or date
/// inside the run, an observation and a positive tolerance. Every problem is one
/// <see cref="ExperimentException"/> naming the file, line, column and key.
/// </summary>
public static class PatternsParser
{
    private static readonly string[] FileKeys = ["name", "description", "patterns"];
    private static readonly string[] PatternKeys =
        ["id", "text", "level", "source", "metric", "scope", "at-date", "at-tick", "final", "observed", "order", "tolerance", "note"];
    private static readonly string[] MeasureKeys = ["metric", "scope", "at-date", "at-tick", "final"];
    private static readonly string[] SourceKeys = ["cite", "url", "quote"];
    private static readonly string[] Levels = ["national", "provincial", "event"];

    public static PatternSet Load(string path, Scenario scenario)
    {
        var (text, _) = YamlDoc.ReadFile(path);
        return Parse(text, path, scenario);
    }

    public static PatternSet Parse(string yaml, string source, Scenario scenario)
    {
        var doc = new YamlDoc(source, "a patterns file");
        var root = doc.Root(yaml);
        doc.AllowOnly(root, "", FileKeys);
        string name = doc.RequiredText(root, "name");
        if (!YamlDoc.IsSafeName(name))
        {
            throw doc.Error(root.Children[new YamlScalarNode("name")], "name", $"'{name}' is not a valid name (use letters, digits, '.', '_' and '-')");
        }
        string description = doc.Text(root, "description") ?? "";
        if (doc.Get(root, "patterns") is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            throw doc.Error(doc.Get(root, "patterns") ?? root, "patterns", "expected a non-empty list of patterns");
        }
        var patterns = new List<Pattern>();
        for (int i = 0; i < list.Children.Count; i++)
        {
            string key = $"patterns[{i}]";
            if (list.Children[i] is not YamlMappingNode map)
            {
                throw doc.Error(list.Children[i], key, "expected a mapping (id, text, source, metric, observed or order, tolerance)");
            }
            var pattern = ParsePattern(doc, map, key, scenario);
            if (patterns.Any(p => p.Id == pattern.Id))
            {
                throw doc.Error(map, key + ".id", $"pattern '{pattern.Id}' is defined twice");
            }
            patterns.Add(pattern);
        }
        return new PatternSet(name, description, Path.GetFileName(source), patterns);
    }

    private static Pattern ParsePattern(YamlDoc doc, YamlMappingNode map, string key, Scenario scenario)
    {
        doc.AllowOnly(map, key, PatternKeys);
        string id = doc.RequiredText(map, "id", key + ".id");
        if (!YamlDoc.IsSafeName(id))
        {
            throw doc.Error(map.Children[new YamlScalarNode("id")], key + ".id", $"'{id}' is not a valid id (use letters, digits, '.', '_' and '-')");
        }
        key = $"patterns[{id}]";
        string text = doc.RequiredText(map, "text", key + ".text");
        string level = doc.RequiredText(map, "level", key + ".level");
        if (!Levels.Contains(level))
        {
            throw doc.Error(map.Children[new YamlScalarNode("level")], key + ".level", $"unknown level '{level}' (expected {string.Join(", ", Levels)})");
        }
        var source = ParseSource(doc, map, key);
        var dates = new Dictionary<int, string>();
        var observed = doc.Get(map, "observed");
        var order = doc.Get(map, "order");
        if ((observed is null) == (order is null))
        {
            throw doc.Error(map, key, "give exactly one of 'observed' (a value or interval) and 'order' (measures from highest to lowest)");
        }
        var toleranceNode = doc.Get(map, "tolerance") ?? throw doc.Error(map, key + ".tolerance", "missing required key 'tolerance' (in the measure's units, > 0)");
        double tolerance = doc.Double(toleranceNode, key + ".tolerance");
        if (tolerance <= 0)
        {
            throw doc.Error(toleranceNode, key + ".tolerance", $"must be greater than 0 (got {tolerance.ToString("R", CultureInfo.InvariantCulture)})");
        }
        string note = doc.Text(map, "note", key + ".note") ?? "";
        if (observed is not null)
        {
            var measure = ParseMeasure(doc, map, null, key, scenario, dates);
            var (low, high) = ParseObserved(doc, observed, key + ".observed");
            return new Pattern(id, text, level, source, PatternKind.Value, [measure], low, high, tolerance, note) { Dates = dates };
        }
        if (order is not YamlSequenceNode { Children.Count: >= 2 } items)
        {
            throw doc.Error(order!, key + ".order", "expected a list of at least two measures, highest first, e.g. [{ scope: guizhou }, { scope: chongqing }]");
        }
        var measures = new List<Measure>();
        for (int i = 0; i < items.Children.Count; i++)
        {
            string itemKey = $"{key}.order[{i}]";
            if (items.Children[i] is not YamlMappingNode item)
            {
                throw doc.Error(items.Children[i], itemKey, "expected a mapping of what differs from the pattern's measure (metric, scope, at-date, at-tick, final)");
            }
            doc.AllowOnly(item, itemKey, MeasureKeys);
            var m = ParseMeasure(doc, map, item, itemKey, scenario, dates);
            if (measures.Any(x => x.Key == m.Key))
            {
                throw doc.Error(item, itemKey, $"the same measure ({m.Key}) is listed twice");
            }
            measures.Add(m);
        }
        return new Pattern(id, text, level, source, PatternKind.Order, measures, double.NaN, double.NaN, tolerance, note) { Dates = dates };
    }

    private static PatternSource ParseSource(YamlDoc doc, YamlMappingNode map, string key)
    {
        const string why = "every pattern needs a citable source — cite (who published what, when) and quote (the words that state the fact); OrleansGov invents no data";
        if (doc.Get(map, "source") is not { } node)
        {
            throw doc.Error(map, key + ".source", "missing: " + why);
        }
        if (node is not YamlMappingNode source)
        {
            throw doc.Error(node, key + ".source", "expected a mapping { cite, url, quote }: " + why);
        }
        doc.AllowOnly(source, key + ".source", SourceKeys);
        string cite = doc.Text(source, "cite", key + ".source.cite") ?? throw doc.Error(source, key + ".source.cite", "missing: " + why);
        string quote = doc.Text(source, "quote", key + ".source.quote") ?? throw doc.Error(source, key + ".source.quote", "missing: " + why);
        string? url = doc.Text(source, "url", key + ".source.url");
        if (url is not null && !(url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("https://", StringComparison.Ordinal) || url.StartsWith("file:", StringComparison.Ordinal)))
        {
            throw doc.Error(source.Children[new YamlScalarNode("url")], key + ".source.url", $"expected an address starting with http://, https:// or file:, got '{url}'");
        }
        return new PatternSource(cite.Trim(), url, quote.Trim());
    }

    /// <summary>A measure from the pattern's own keys, overridden by an order item's keys.</summary>
    private static Measure ParseMeasure(YamlDoc doc, YamlMappingNode pattern, YamlMappingNode? item, string key, Scenario scenario, Dictionary<int, string> dates)
    {
        YamlMappingNode Owner(string k) => item is not null && doc.Get(item, k) is not null ? item : pattern;
        var metricOwner = Owner("metric");
        string metric = doc.Text(metricOwner, "metric", key + ".metric") ?? throw doc.Error(item ?? pattern, key + ".metric", "missing required key 'metric'");
        var metrics = MetricColumns.All.Select(c => c.Name).ToList();
        if (!metrics.Contains(metric))
        {
            throw doc.Error(metricOwner.Children[new YamlScalarNode("metric")], key + ".metric", $"unknown metric '{metric}' (known: {string.Join(", ", metrics)})");
        }
        var scopeOwner = Owner("scope");
        string scope = doc.Text(scopeOwner, "scope", key + ".scope") ?? Engine.MetricsRows.NationScope;
        var scopes = new List<string> { Engine.MetricsRows.NationScope };
        scopes.AddRange(scenario.Provinces.Select(p => p.Name));
        if (!scopes.Contains(scope))
        {
            throw doc.Error(scopeOwner.Children[new YamlScalarNode("scope")], key + ".scope", $"unknown scope '{scope}' (the scenario has: {string.Join(", ", scopes)})");
        }
        // The statistic: the item's own when it gives one, else the pattern's; final by default.
        var statOwner = item is not null && (doc.Get(item, "at-date") ?? doc.Get(item, "at-tick") ?? doc.Get(item, "final")) is not null ? item : pattern;
        return new Measure(metric, scope, ParseStatistic(doc, statOwner, key, scenario, dates));
    }

    private static ClaimStatistic ParseStatistic(YamlDoc doc, YamlMappingNode map, string key, Scenario scenario, Dictionary<int, string> dates)
    {
        var date = doc.Get(map, "at-date");
        var tick = doc.Get(map, "at-tick");
        var final = doc.Get(map, "final");
        if (new[] { date, tick, final }.Count(n => n is not null) > 1)
        {
            throw doc.Error(map, key, "give at most one of 'at-date', 'at-tick' and 'final'");
        }
        if (tick is not null)
        {
            long t = doc.Long(tick, key + ".at-tick");
            if (t < 0 || t >= scenario.Ticks)
            {
                throw doc.Error(tick, key + ".at-tick", $"tick {t} is outside the run (ticks 0 … {scenario.Ticks - 1})");
            }
            return new ClaimStatistic("at-tick", Tick: (int)t);
        }
        if (date is not null)
        {
            string text = (date as YamlScalarNode)?.Value ?? "";
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw doc.Error(date, key + ".at-date", $"expected a date as yyyy-MM-dd, got '{text}'");
            }
            if (scenario.StartDate is null)
            {
                throw doc.Error(date, key + ".at-date", "the scenario has no calendar: give it a 'start-date', or use 'at-tick'");
            }
            int t = TickOn(scenario, day);
            if (t < 0)
            {
                throw doc.Error(date, key + ".at-date", $"{text} is before the run starts ({scenario.StartDate})");
            }
            if (t >= scenario.Ticks - 1 && day > DateOnly.ParseExact(scenario.DateOf(scenario.Ticks - 1)!, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(6))
            {
                throw doc.Error(date, key + ".at-date", $"{text} is after the run ends (its last tick, {scenario.Ticks - 1}, starts on {scenario.DateOf(scenario.Ticks - 1)})");
            }
            dates[t] = text;
            return new ClaimStatistic("at-tick", Tick: t);
        }
        return ClaimStatistic.Final;
    }

    /// <summary>The tick in progress on <paramref name="day"/>: the last tick that starts on or before it (−1 before the start).</summary>
    public static int TickOn(Scenario scenario, DateOnly day)
    {
        int result = -1;
        for (int t = 0; t < scenario.Ticks; t++)
        {
            if (DateOnly.ParseExact(scenario.DateOf(t)!, "yyyy-MM-dd", CultureInfo.InvariantCulture) > day)
            {
                break;
            }
            result = t;
        }
        return result;
    }

    private static (double Low, double High) ParseObserved(YamlDoc doc, YamlNode node, string key)
    {
        switch (node)
        {
            case YamlScalarNode:
                double v = doc.Double(node, key);
                return (v, v);
            case YamlSequenceNode { Children.Count: 2 } pair:
                double low = doc.Double(pair.Children[0], key), high = doc.Double(pair.Children[1], key);
                return low <= high ? (low, high) : throw doc.Error(node, key, $"min ({low.ToString("R", CultureInfo.InvariantCulture)}) is greater than max ({high.ToString("R", CultureInfo.InvariantCulture)})");
            case YamlMappingNode { Children.Count: 1 } bound:
                doc.AllowOnly(bound, key, ["at-least", "at-most"]);
                if (doc.Get(bound, "at-least") is { } least) return (doc.Double(least, key + ".at-least"), double.PositiveInfinity);
                return (double.NegativeInfinity, doc.Double(doc.Get(bound, "at-most")!, key + ".at-most"));
            default:
                throw doc.Error(node, key, "expected a value, an interval [min, max], { at-least: X } or { at-most: X }");
        }
    }
}
