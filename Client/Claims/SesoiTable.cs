using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;
using YamlDotNet.RepresentationModel;

namespace OrleansGov.Client.Claims;

/// <summary>
/// Smallest effects of interest (SESOI) in a claims file: a <c>sesoi:</c> mapping of metric (or
/// <c>ticks</c>, for milestones) → value in the metric's natural units, at the top of the file (the
/// defaults, with their reasoning beside them), overridable by the same mapping on a claim and by a
/// single number on a condition. Every condition must end up with one.
/// </summary>
internal static class SesoiTable
{
    /// <summary>Reads a <c>sesoi:</c> mapping; <paramref name="key"/> is its path (<c>sesoi</c>, <c>claims[2].sesoi</c>).</summary>
    public static Dictionary<string, double> Parse(YamlDoc doc, YamlNode node, string key)
    {
        if (node is not YamlMappingNode map)
        {
            throw doc.Error(node, key, $"expected a mapping of metric (or '{Measure.TicksKey}' for milestones) → smallest effect of interest, e.g. {{ cloud_adoption: 0.05 }}");
        }
        var table = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Children)
        {
            string metric = (keyNode as YamlScalarNode)?.Value ?? "";
            string path = $"{key}.{metric}";
            if (metric != Measure.TicksKey && !MetricColumns.All.Any(c => c.Name == metric))
            {
                throw doc.Error(keyNode, path, $"unknown metric '{metric}' (known: {string.Join(", ", MetricColumns.All.Select(c => c.Name))}, or '{Measure.TicksKey}' for milestones)");
            }
            table[metric] = Value(doc, valueNode, path, metric);
        }
        return table;
    }

    /// <summary>
    /// One smallest effect of interest: a finite number &gt; 0 (0 would make "negligible" unreachable and
    /// bring back the rule that any non-zero difference is support), below 1 for a metric that is a
    /// share (a difference of 1 or more between two shares cannot happen).
    /// </summary>
    public static double Value(YamlDoc doc, YamlNode node, string key, string metric)
    {
        double value = doc.Double(node, key);
        if (!(value > 0))
        {
            throw doc.Error(node, key, $"the smallest effect of interest must be greater than 0 (got {Describe(value)}); it is the margin a difference must exceed to count");
        }
        if (metric != Measure.TicksKey && MetricInfo.IsShare(metric) && value >= 1)
        {
            throw doc.Error(node, key, $"{metric} is a share (0–1): a smallest effect of interest of {Describe(value)} can never be exceeded");
        }
        return value;
    }

    private static string Describe(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
