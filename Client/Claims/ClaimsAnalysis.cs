using System.Globalization;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;

namespace OrleansGov.Client.Claims;

/// <summary>
/// The statistics and verdicts of a claims run, from the run folders alone. Each run's
/// <c>metrics.csv</c> is read once and reduced to the few numbers the claims need; the verdicts are
/// then <see cref="ClaimsEvaluation"/>'s.
/// </summary>
public static class ClaimsAnalysis
{
    /// <summary>Analyses every claim from the run folders in <paramref name="folder"/>.</summary>
    public static (IReadOnlyList<ClaimResult> Results, IReadOnlyList<string> Missing) Analyse(BatchFolder folder, ClaimsPlan plan)
    {
        var measures = plan.File.Claims.SelectMany(c => c.Conditions).Select(c => c.Measure).DistinctBy(m => m.Key).ToList();
        var index = measures.Select((m, i) => (m.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
        var values = new Dictionary<string, double[][]>(StringComparer.Ordinal); // config → [measure][replicate]
        var missing = new List<string>();
        foreach (var config in plan.Configs)
        {
            var table = measures.Select(_ => Enumerable.Repeat(double.NaN, config.Replicates).ToArray()).ToArray();
            for (int r = 0; r < config.Replicates; r++)
            {
                var run = plan.Run(config.Id, r);
                if (!folder.IsCompleted(run))
                {
                    missing.Add(run.Name);
                    continue;
                }
                var read = ReadRun(Path.Combine(folder.RunPath(run), RunFolder.MetricsFile), measures);
                for (int m = 0; m < measures.Count; m++)
                {
                    table[m][r] = read[m];
                }
            }
            values[config.Id] = table;
        }

        ArmValues Setting(Claim claim, Use use, int point, int replicates) =>
            (arm, measure) => [.. values[plan.ConfigOf(claim.Id, arm, use, point)][index[measure.Key]].Take(replicates)];

        var results = new List<ClaimResult>();
        foreach (var claim in plan.File.Claims)
        {
            var main = Setting(claim, Use.Main, 0, plan.File.Replicates);
            var ablated = claim.Mechanisms.Count > 0 ? Setting(claim, Use.Ablation, 0, plan.File.Replicates) : null;
            var points = plan.Points.Select(p => (p.Index, Setting(claim, Use.Robustness, p.Index, plan.File.Robustness.Replicates))).ToList();
            results.Add(ClaimsEvaluation.Evaluate(claim, main, ablated, points));
        }
        return (results, missing);
    }

    /// <summary>Reduces one run's metrics.csv to the values of <paramref name="measures"/> (NaN when undefined; a milestone never reached is NaN).</summary>
    public static double[] ReadRun(string path, IReadOnlyList<Measure> measures)
    {
        using var reader = new StreamReader(path, AtomicFile.Utf8);
        var header = (reader.ReadLine() ?? throw new InvalidDataException($"{path}: empty file")).Split(',');
        int[] column = [.. measures.Select(m => Array.IndexOf(header, m.Metric))];
        if (column.Any(c => c < 0))
        {
            throw new InvalidDataException($"{path}: a metric column is missing");
        }
        var result = Enumerable.Repeat(double.NaN, measures.Count).ToArray();
        var sum = new double[measures.Count];
        var count = new int[measures.Count];
        var lastTick = new int[measures.Count];
        Array.Fill(lastTick, -1);
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var cells = line.Split(',');
            int tick = int.Parse(cells[0], CultureInfo.InvariantCulture);
            for (int m = 0; m < measures.Count; m++)
            {
                var measure = measures[m];
                if (cells[1] != measure.Scope)
                {
                    continue;
                }
                string cell = cells[column[m]];
                double value = cell.Length == 0 ? double.NaN : double.Parse(cell, CultureInfo.InvariantCulture);
                var st = measure.Statistic;
                switch (st.Kind)
                {
                    case "final" when tick > lastTick[m]:
                        lastTick[m] = tick;
                        result[m] = value;
                        break;
                    case "at-tick" when tick == st.Tick:
                        result[m] = value;
                        break;
                    case "mean" when tick >= st.From && (st.To is null || tick <= st.To) && !double.IsNaN(value):
                        sum[m] += value;
                        count[m]++;
                        break;
                    case "tick-at-least" or "tick-at-most" when double.IsNaN(result[m]) && !double.IsNaN(value) && st.Reached(value):
                        result[m] = tick; // the first tick at which the milestone is reached; NaN if never
                        break;
                }
            }
        }
        for (int m = 0; m < measures.Count; m++)
        {
            if (measures[m].Statistic.Kind == "mean")
            {
                result[m] = count[m] == 0 ? double.NaN : sum[m] / count[m];
            }
        }
        return result;
    }
}
