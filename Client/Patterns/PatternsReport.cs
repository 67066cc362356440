using System.Globalization;
using System.Text;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;

namespace OrleansGov.Client.Patterns;

/// <summary>
/// <c>patterns.csv</c> (one row per pattern and measure) and <c>report.md</c> (a table of every pattern:
/// observed, simulated with its spread, pass or fail; the plot; then each pattern's source, quoted).
/// </summary>
public static class PatternsReport
{
    public const string Csv = "patterns.csv", Markdown = "report.md";

    public static readonly string[] Header =
    [
        "pattern", "level", "kind", "metric", "scope", "statistic", "observed", "tolerance", "simulated_mean", "simulated_sd",
        "simulated_min", "simulated_max", "replicates", "discrepancy", "holds", "share_of_replicates_holding", "source",
    ];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string Short(double v) => double.IsNaN(v) ? "–" : v.ToString("0.###", Inv);

    public static void WriteCsv(string path, IReadOnlyList<PatternResult> results) => AtomicFile.Write(path, stream =>
    {
        using var w = CsvLineWriter.Open(stream);
        var csv = new CsvLineWriter(w);
        csv.Header(Header);
        foreach (var r in results)
        {
            foreach (var m in r.Measures)
            {
                csv.Text(r.Pattern.Id).Text(r.Pattern.Level).Text(r.Pattern.Kind.ToString().ToLowerInvariant()).Text(m.Measure.Metric).Text(m.Measure.Scope)
                    .Text(r.Pattern.Describe(m.Measure.Statistic)).Text(r.Pattern.Observed()).Number(r.Pattern.Tolerance)
                    .Number(m.Mean).Number(m.Sd).Number(m.Min).Number(m.Max).Number((long)m.N)
                    .Number(r.Discrepancy).Text(r.Holds ? "true" : "false").Number(r.ShareOfReplicatesHolding).Text(r.Pattern.Source.Cite);
                csv.EndLine();
            }
        }
    });

    /// <summary>The patterns table in Markdown (also used by the calibration's posterior predictive checks).</summary>
    public static string Table(IReadOnlyList<PatternResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| pattern | level | observed | tolerance | simulated: mean ± SD [min, max] | discrepancy | holds | replicates holding |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            string simulated = string.Join("<br>", r.Measures.Select(m =>
                (r.Pattern.Kind == Patterns.PatternKind.Order ? r.Pattern.Label(m.Measure) + ": " : "")
                + $"{Short(m.Mean)} ± {Short(m.Sd)} [{Short(m.Min)}, {Short(m.Max)}]"));
            sb.AppendLine(Inv, $"| **{r.Pattern.Id}** {r.Pattern.Text} ({r.Pattern.Measures[0].Metric}, {r.Pattern.Describe(r.Pattern.Measures[0].Statistic)}) | {r.Pattern.Level} | {r.Pattern.Observed()} | {Short(r.Pattern.Tolerance)} | {simulated} | {Short(r.Discrepancy)} | {(r.Holds ? "✅ yes" : "❌ no")} | {r.ShareOfReplicatesHolding:P0} |");
        }
        return sb.ToString();
    }

    /// <summary>Every pattern's source: the citation, the address and the quoted words.</summary>
    public static string Sources(PatternSet set)
    {
        var sb = new StringBuilder();
        foreach (var p in set.Patterns)
        {
            sb.AppendLine(Inv, $"- **{p.Id}** — {p.Source.Cite}{(p.Source.Url is null ? "" : $" <{p.Source.Url}>")}: “{p.Source.Quote}”{(p.Note.Length == 0 ? "" : $" *Mapping:* {p.Note}")}");
        }
        return sb.ToString();
    }

    public static void WriteMarkdown(string path, PatternSet set, string scenario, int replicates, IReadOnlyList<PatternResult> results, IReadOnlyList<string> command)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"# Patterns {set.Name} on {scenario}");
        sb.AppendLine();
        if (set.Description.Length > 0)
        {
            sb.AppendLine(set.Description);
            sb.AppendLine();
        }
        int holding = results.Count(r => r.Holds);
        sb.AppendLine(string.Create(Inv, $"{holding} of {results.Count} patterns hold on the mean of {ReportMarkdown.Plural(replicates, "replicate")}. A pattern holds when its discrepancy is at most 1: the distance from the observed value or interval in units of the tolerance, or, for an order, the largest inversion between neighbours in units of the tolerance (docs/CALIBRATION.md)."));
        sb.AppendLine();
        sb.Append(Table(results));
        sb.AppendLine();
        sb.AppendLine("![Per pattern: each replicate's simulated value, their mean with min–max, the observed value and the band where the pattern holds](" + PatternsOutputs.PlotFile + ")");
        sb.AppendLine();
        sb.AppendLine("## Sources");
        sb.AppendLine();
        sb.Append(Sources(set));
        sb.AppendLine();
        sb.AppendLine("Command: `" + string.Join(' ', command) + "`");
        AtomicFile.WriteBytes(path, AtomicFile.Utf8.GetBytes(sb.ToString()));
    }
}
