using System.Globalization;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;

namespace OrleansGov.Client.Patterns;

/// <summary>One completed replicate of a pattern check: its run folder's name, its seed and its values (in <see cref="PatternSet.Measures"/> order).</summary>
public sealed record PatternReplicate(string Run, ulong Seed, double[] Values);

/// <summary>
/// Everything a pattern check writes once its runs are done, from the replicates' values alone:
/// <c>replicates.csv</c> (each run reduced to the measures: what the table and the plot are computed
/// from, so <c>orleansgov report</c> can rebuild both without the run folders), <c>patterns.csv</c>,
/// <c>plots/patterns.png</c> and, last, <c>report.md</c>.
/// </summary>
public static class PatternsOutputs
{
    public const string ReplicatesCsv = "replicates.csv";
    public const string PlotFile = BatchFolder.PlotsDir + "/" + PatternsPlot.FileName;

    /// <param name="run">What one run is, for the plot: "replicate", or "posterior draw" for a calibration's predictive checks.</param>
    public static IReadOnlyList<PatternResult> Write(string folder, PatternSet set, string scenario, IReadOnlyList<PatternReplicate> replicates, IReadOnlyList<string> command,
        string run = "replicate")
    {
        WriteReplicates(Path.Combine(folder, ReplicatesCsv), set, replicates);
        var values = replicates.Select(r => r.Values).ToList();
        var results = PatternCheck.Evaluate(set, values);
        PatternsReport.WriteCsv(Path.Combine(folder, PatternsReport.Csv), results);
        string name = Path.GetFileNameWithoutExtension(scenario);
        PatternsPlot.Write(Path.Combine(folder, PlotFile), PatternsFigureBuilder.From(set, name, results, values, run));
        PatternsReport.WriteMarkdown(Path.Combine(folder, PatternsReport.Markdown), set, scenario, replicates.Count, results, command);
        return results;
    }

    /// <summary>One row per completed run: <c>run,seed</c> and one column per measure, named by its key (scope:metric:statistic).</summary>
    public static void WriteReplicates(string path, PatternSet set, IReadOnlyList<PatternReplicate> replicates) => AtomicFile.Write(path, stream =>
    {
        using var w = CsvLineWriter.Open(stream);
        var csv = new CsvLineWriter(w);
        csv.Header(["run", "seed", .. set.Measures.Select(m => m.Key)]);
        foreach (var r in replicates)
        {
            csv.Text(r.Run).Number(r.Seed);
            foreach (double v in r.Values)
            {
                csv.Number(v);
            }
            csv.EndLine();
        }
    });

    /// <summary>Reads <c>replicates.csv</c> back; its columns must be the measures of <paramref name="set"/>, else <see cref="InvalidDataException"/> says which differ.</summary>
    public static IReadOnlyList<PatternReplicate> ReadReplicates(string path, PatternSet set)
    {
        var lines = File.ReadAllLines(path);
        string[] expected = ["run", "seed", .. set.Measures.Select(m => m.Key)];
        if (lines.Length == 0 || lines[0] != string.Join(',', expected))
        {
            throw new InvalidDataException($"{path}: its columns ({(lines.Length == 0 ? "none" : lines[0])}) are not the patterns' measures ({string.Join(',', expected)})");
        }
        var rows = new List<PatternReplicate>();
        for (int i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != expected.Length || !ulong.TryParse(cells[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
            {
                throw new InvalidDataException($"{path}, line {i + 1}: expected {expected.Length} cells (run, seed, one value per measure)");
            }
            try
            {
                rows.Add(new PatternReplicate(cells[0], seed, [.. cells.Skip(2).Select(CsvLineWriter.Parse)]));
            }
            catch (FormatException)
            {
                throw new InvalidDataException($"{path}, line {i + 1}: a value is not a number");
            }
        }
        return rows;
    }
}
