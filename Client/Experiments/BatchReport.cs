using System.Globalization;
using System.Text;
using OrleansGov.Client.Results;
using Parquet;
using Parquet.Schema;

namespace OrleansGov.Client.Experiments;

/// <summary>What the report found in the run folders.</summary>
public sealed record ReportOutcome(int Completed, IReadOnlyList<(string Run, string Status, string? Error)> NotCompleted);

/// <summary>
/// Builds the batch's tables, report and plots from the files alone (<c>experiment.json</c> and the
/// run folders), so <c>orleansgov batch</c> and <c>orleansgov report</c> give identical results. Runs
/// are read one at a time in canonical order (arm, replicate); only per-arm running sums stay in
/// memory, never the series of all runs.
/// </summary>
public static class BatchReport
{
    public static async Task<ReportOutcome> GenerateAsync(BatchFolder folder, BatchPlan plan, bool plots = true, PlotSet plotSet = PlotSet.Default)
    {
        var layout = new Layout(plan);
        var acc = new Accumulators(plan, layout);
        var notCompleted = new List<(string, string, string?)>();
        int completed = 0;

        string runsTemp = folder.File(BatchFolder.RunsCsv) + ".tmp";
        string seriesTemp = folder.File(BatchFolder.SeriesCsv) + ".tmp";
        string parquetTemp = folder.File(BatchFolder.SeriesParquet) + ".tmp";
        await using (var runsStream = new FileStream(runsTemp, FileMode.Create))
        await using (var seriesStream = new FileStream(seriesTemp, FileMode.Create))
        await using (var parquetStream = new FileStream(parquetTemp, FileMode.Create))
        {
            using var runsText = CsvLineWriter.Open(runsStream);
            using var seriesText = CsvLineWriter.Open(seriesStream);
            var runs = new CsvLineWriter(runsText);
            var series = new CsvLineWriter(seriesText);
            runs.Header(layout.RunsHeader);
            series.Header(["run", "arm", "replicate", "seed", "tick", "scope", .. plan.Metrics]);
            var parquetSchema = new ParquetSchema(layout.ParquetFields);
            await using (var parquet = await ParquetWriter.CreateAsync(parquetSchema, parquetStream))
            {
                int armIndex = -1;
                string? lastArm = null;
                foreach (var run in plan.Runs())
                {
                    if (run.Arm.Id != lastArm)
                    {
                        armIndex++;
                        lastArm = run.Arm.Id;
                    }
                    string status = folder.RunStatus(run);
                    string? error = status == "missing" ? null : folder.ReadManifest(run)?.RootElement.GetProperty("error").GetString();
                    RunValues? values = null;
                    if (status == "completed")
                    {
                        var chunk = new ParquetChunk(layout);
                        values = ReadRun(folder, run, plan, layout, series, chunk, acc.Bands[armIndex]);
                        await chunk.WriteAsync(parquet, layout);
                        acc.AddRun(armIndex, values);
                        completed++;
                    }
                    else
                    {
                        notCompleted.Add((run.Name, status, error));
                    }
                    WriteRunRow(runs, run, status, error, values, layout);
                }
            }
            runsText.Flush();
            seriesText.Flush();
        }
        File.Move(runsTemp, folder.File(BatchFolder.RunsCsv), overwrite: true);
        File.Move(seriesTemp, folder.File(BatchFolder.SeriesCsv), overwrite: true);
        File.Move(parquetTemp, folder.File(BatchFolder.SeriesParquet), overwrite: true);

        var summaries = acc.Summaries();
        AtomicFile.Write(folder.File(BatchFolder.ComparisonCsv), s => WriteComparison(s, plan, layout, summaries));
        var plotFiles = plots ? WritePlots(folder, plan, layout, acc, summaries, plotSet) : [];
        var outcome = new ReportOutcome(completed, notCompleted);
        AtomicFile.WriteBytes(folder.File(BatchFolder.ReportMd), AtomicFile.Utf8.GetBytes(ReportMarkdown.Write(plan, layout, summaries, outcome, plotFiles)));
        return outcome;
    }

    /// <summary>The measures of one run: [scope][measure], measures as in <see cref="Layout.Measures"/>.</summary>
    private sealed record RunValues(double[][] Values);

    private static RunValues ReadRun(BatchFolder folder, PlannedRun run, BatchPlan plan, Layout layout, CsvLineWriter series,
        ParquetChunk chunk, Statistics.Welford[][][] bands)
    {
        string path = Path.Combine(folder.RunPath(run), RunFolder.MetricsFile);
        using var reader = new StreamReader(path, AtomicFile.Utf8);
        string header = reader.ReadLine() ?? throw new InvalidDataException($"{path}: empty file");
        var columns = header.Split(',');
        int[] metricColumn = [.. plan.Metrics.Select(m => Array.IndexOf(columns, m))];
        if (metricColumn.Any(i => i < 0))
        {
            throw new InvalidDataException($"{path}: missing a kept metric column");
        }
        int scopes = plan.Scopes.Count, metrics = plan.Metrics.Count;
        var final = new double[scopes][];
        var sum = new double[scopes, metrics];
        var count = new int[scopes, metrics];
        var milestone = new double[scopes][];
        for (int s = 0; s < scopes; s++)
        {
            final[s] = Enumerable.Repeat(double.NaN, metrics).ToArray();
            milestone[s] = Enumerable.Repeat(double.NaN, plan.Milestones.Count).ToArray();
        }
        var row = new double[metrics];
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var cells = line.Split(',');
            int scope = layout.ScopeIndex(cells[1]);
            if (scope < 0)
            {
                continue;
            }
            int tick = int.Parse(cells[0], CultureInfo.InvariantCulture);
            series.Text(run.Name).Text(run.Arm.Id).Number(run.Replicate.Index).Number(run.Replicate.Seed).Number(tick).Text(cells[1]);
            for (int m = 0; m < metrics; m++)
            {
                double v = CsvLineWriter.Parse(cells[metricColumn[m]]);
                row[m] = v;
                series.Number(v);
                final[scope][m] = v;
                if (!double.IsNaN(v))
                {
                    sum[scope, m] += v;
                    count[scope, m]++;
                }
                if (tick < plan.Ticks)
                {
                    bands[scope][m][tick].Add(v);
                }
            }
            series.EndLine();
            chunk.Add(run, tick, cells[1], row);
            for (int k = 0; k < plan.Milestones.Count; k++)
            {
                var ms = plan.Milestones[k];
                double v = CsvLineWriter.Parse(cells[Array.IndexOf(columns, ms.Metric)]);
                if (double.IsNaN(milestone[scope][k]) && !double.IsNaN(v) && ms.Reached(v))
                {
                    milestone[scope][k] = tick;
                }
            }
        }
        var values = new double[scopes][];
        for (int s = 0; s < scopes; s++)
        {
            var v = new List<double>(layout.Measures.Count);
            for (int m = 0; m < metrics; m++)
            {
                v.Add(final[s][m]);
            }
            for (int m = 0; m < metrics; m++)
            {
                v.Add(count[s, m] == 0 ? double.NaN : sum[s, m] / count[s, m]);
            }
            v.AddRange(milestone[s]);
            values[s] = [.. v];
        }
        return new RunValues(values);
    }

    private static void WriteRunRow(CsvLineWriter csv, PlannedRun run, string status, string? error, RunValues? values, Layout layout)
    {
        csv.Text(run.Name).Text(run.Arm.Id).Number(run.Replicate.Index).Number(run.Replicate.Seed);
        foreach (string value in run.Arm.Values)
        {
            csv.Text(value);
        }
        csv.Text(status).Text(status == "completed" ? "" : error);
        for (int s = 0; s < layout.Plan.Scopes.Count; s++)
        {
            for (int m = 0; m < layout.Measures.Count; m++)
            {
                csv.Number(values?.Values[s][m] ?? double.NaN);
            }
        }
        csv.EndLine();
    }

    private static void WriteComparison(Stream stream, BatchPlan plan, Layout layout, SampleSummary[][][] summaries)
    {
        using var text = CsvLineWriter.Open(stream);
        var csv = new CsvLineWriter(text);
        csv.Header(["scope", "measure", "arm", "baseline", "n_runs", "n", "mean", "sd", "ci95_low", "ci95_high",
            "diff_vs_baseline", "diff_ci95_low", "diff_ci95_high", "welch_df", "cohens_d"]);
        int baseline = layout.BaselineIndex;
        for (int s = 0; s < plan.Scopes.Count; s++)
        {
            for (int m = 0; m < layout.Measures.Count; m++)
            {
                for (int a = 0; a < plan.Arms.Count; a++)
                {
                    var x = summaries[a][s][m];
                    csv.Text(plan.Scopes[s]).Text(layout.Measures[m]).Text(plan.Arms[a].Id).Text(a == baseline ? "yes" : "no")
                        .Number(layout.CompletedRuns[a]).Number(x.N).Number(x.Mean).Number(x.Sd).Number(x.CiLow).Number(x.CiHigh);
                    var d = a == baseline ? null : Statistics.Compare(x, summaries[baseline][s][m]);
                    csv.Number(d?.Value ?? double.NaN).Number(d?.CiLow ?? double.NaN).Number(d?.CiHigh ?? double.NaN)
                        .Number(d?.Df ?? double.NaN).Number(d?.CohensD ?? double.NaN);
                    csv.EndLine();
                }
            }
        }
        text.Flush();
    }

    /// <summary>
    /// The plots: by default the key metrics of the nation (or the first kept scope) over time, per scope
    /// for a single-arm experiment, and one overview of every kept metric; with <see cref="PlotSet.All"/>
    /// every metric × scope over time and at the last tick too.
    /// </summary>
    private static List<string> WritePlots(BatchFolder folder, BatchPlan plan, Layout layout, Accumulators acc, SampleSummary[][][] summaries, PlotSet set)
    {
        string dir = folder.File(BatchFolder.PlotsDir);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
        Directory.CreateDirectory(dir);
        var files = new List<string>();
        string xLabel = MetricInfo.TickAxis(plan.TicksPerYear);
        int main = Math.Max(0, layout.ScopeIndex("nation"));
        var key = plan.Metrics.Where(MetricInfo.IsKey).ToList();
        if (key.Count == 0)
        {
            key = [.. plan.Metrics];
        }
        for (int s = 0; s < plan.Scopes.Count; s++)
        {
            for (int m = 0; m < plan.Metrics.Count; m++)
            {
                string metric = plan.Metrics[m], scope = plan.Scopes[s];
                if (set == PlotSet.Default && (s != main || !key.Contains(metric)))
                {
                    continue;
                }
                string name = $"{scope}-{metric}";
                bool unit = MetricInfo.InUnitInterval(metric);
                var arms = plan.Arms.Select((arm, a) => acc.Band(a, s, m, arm.Id)).ToList();
                BatchPlots.OverTime(Path.Combine(dir, name), $"{MetricInfo.Label(metric)} over time, {scope} (mean of replicates, 95% CI band)",
                    xLabel, MetricInfo.Unit(metric), arms, unit);
                if (set == PlotSet.All)
                {
                    var finals = plan.Arms.Select((arm, a) => (arm.Id, summaries[a][s][m])).ToList();
                    BatchPlots.PerArm(Path.Combine(dir, name + "-final"), $"{MetricInfo.Label(metric)} at the last tick, {scope}", MetricInfo.Unit(metric), finals, unit);
                    files.Add(BatchFolder.PlotsDir + "/" + name + "-final");
                }
                files.Add(BatchFolder.PlotsDir + "/" + name);
            }
        }
        if (plan.Arms.Count == 1 && plan.Scopes.Count > 1)
        {
            // A single-arm experiment compares its scopes: one plot per metric with a line per scope.
            for (int m = 0; m < plan.Metrics.Count; m++)
            {
                string metric = plan.Metrics[m];
                if (set == PlotSet.Default && !key.Contains(metric))
                {
                    continue;
                }
                var scopes = plan.Scopes.Select((scope, s) => acc.Band(0, s, m, scope)).ToList();
                BatchPlots.OverTime(Path.Combine(dir, "scopes-" + metric), $"{MetricInfo.Label(metric)} over time by scope (mean of replicates, 95% CI band)",
                    xLabel, MetricInfo.Unit(metric), scopes, MetricInfo.InUnitInterval(metric));
            }
        }
        var panels = plan.Metrics.Select((metric, m) => (metric, (IReadOnlyList<ArmSeries>)plan.Arms.Select((arm, a) => acc.Band(a, main, m, arm.Id)).ToList())).ToList();
        BatchPlots.Overview(Path.Combine(dir, "overview"), xLabel, panels);
        files.Insert(0, BatchFolder.PlotsDir + "/overview");
        return files;
    }

    /// <summary>Column layout shared by the tables: scopes, measures, and the runs.csv header.</summary>
    internal sealed class Layout
    {
        public Layout(BatchPlan plan)
        {
            Plan = plan;
            Measures = [.. plan.Metrics.Select(m => "final_" + m), .. plan.Metrics.Select(m => "mean_" + m), .. plan.Milestones.Select(m => "tick_" + m.Name)];
            var header = new List<string> { "run", "arm", "replicate", "seed" };
            header.AddRange(plan.Factors.Select(f => f.Parameter));
            header.Add("status");
            header.Add("error");
            foreach (string scope in plan.Scopes)
            {
                header.AddRange(Measures.Select(m => scope.Replace('-', '_') + "_" + m));
            }
            RunsHeader = header;
            BaselineIndex = plan.Arms.ToList().FindIndex(a => a.Id == plan.Baseline);
            ParquetFields = [new DataField<string>("run"), new DataField<string>("arm"), new DataField<int>("replicate"), new DataField<long>("seed"),
                new DataField<int>("tick"), new DataField<string>("scope"), .. plan.Metrics.Select(m => new DataField<double?>(m))];
            CompletedRuns = new int[plan.Arms.Count];
        }

        public BatchPlan Plan { get; }
        public IReadOnlyList<string> Measures { get; }
        public IReadOnlyList<string> RunsHeader { get; }
        public int BaselineIndex { get; }
        public Field[] ParquetFields { get; }
        public int[] CompletedRuns { get; }

        public int ScopeIndex(string scope)
        {
            for (int i = 0; i < Plan.Scopes.Count; i++)
            {
                if (Plan.Scopes[i] == scope)
                {
                    return i;
                }
            }
            return -1;
        }
    }

    /// <summary>Per-arm running statistics: each measure over runs, and each metric per tick over runs.</summary>
    private sealed class Accumulators
    {
        private readonly BatchPlan _plan;
        private readonly Layout _layout;
        private readonly Statistics.Welford[][][] _measures;

        public Accumulators(BatchPlan plan, Layout layout)
        {
            _plan = plan;
            _layout = layout;
            _measures = [.. plan.Arms.Select(_ => plan.Scopes.Select(_ => new Statistics.Welford[layout.Measures.Count]).ToArray())];
            Bands = [.. plan.Arms.Select(_ => plan.Scopes.Select(_ => plan.Metrics.Select(_ => new Statistics.Welford[plan.Ticks]).ToArray()).ToArray())];
        }

        /// <summary>[arm][scope][metric][tick].</summary>
        public Statistics.Welford[][][][] Bands { get; }

        public void AddRun(int arm, RunValues run)
        {
            _layout.CompletedRuns[arm]++;
            for (int s = 0; s < _plan.Scopes.Count; s++)
            {
                for (int m = 0; m < _layout.Measures.Count; m++)
                {
                    _measures[arm][s][m].Add(run.Values[s][m]);
                }
            }
        }

        public SampleSummary[][][] Summaries() => [.. _measures.Select(a => a.Select(s => s.Select(w => w.Summary()).ToArray()).ToArray())];

        public ArmSeries Band(int arm, int scope, int metric, string id)
        {
            var ticks = Bands[arm][scope][metric].Select(w => w.Summary()).ToArray();
            return new ArmSeries(id, [.. ticks.Select(t => t.Mean)], [.. ticks.Select(t => t.CiLow)], [.. ticks.Select(t => t.CiHigh)]);
        }
    }

    /// <summary>One run's rows for the Parquet file (one row group per run).</summary>
    private sealed class ParquetChunk(Layout layout)
    {
        private readonly List<string> _run = [], _arm = [], _scope = [];
        private readonly List<int> _replicate = [], _tick = [];
        private readonly List<long> _seed = [];
        private readonly List<double?>[] _metrics = [.. layout.Plan.Metrics.Select(_ => new List<double?>())];

        public void Add(PlannedRun run, int tick, string scope, double[] row)
        {
            _run.Add(run.Name);
            _arm.Add(run.Arm.Id);
            _replicate.Add(run.Replicate.Index);
            _seed.Add((long)run.Replicate.Seed);
            _tick.Add(tick);
            _scope.Add(scope);
            for (int m = 0; m < row.Length; m++)
            {
                _metrics[m].Add(double.IsNaN(row[m]) ? null : row[m]);
            }
        }

        public async Task WriteAsync(ParquetWriter writer, Layout layout)
        {
            var f = layout.ParquetFields.Cast<DataField>().ToArray();
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(f[0], _run);
            await group.WriteAsync(f[1], _arm);
            await group.WriteAsync(f[2], new ReadOnlyMemory<int>([.. _replicate]));
            await group.WriteAsync(f[3], new ReadOnlyMemory<long>([.. _seed]));
            await group.WriteAsync(f[4], new ReadOnlyMemory<int>([.. _tick]));
            await group.WriteAsync(f[5], _scope);
            for (int m = 0; m < _metrics.Length; m++)
            {
                await group.WriteAsync(f[6 + m], new ReadOnlyMemory<double?>([.. _metrics[m]]));
            }
        }
    }
}
