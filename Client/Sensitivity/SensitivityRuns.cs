using OrleansGov.Client.Claims;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;

namespace OrleansGov.Client.Sensitivity;

/// <summary>
/// <c>runs.csv</c> of a sensitivity folder whose file has <c>keep:</c> — the experiment's meaning: the metrics
/// and scopes kept of each run, as in a batch's <c>runs.csv</c> (docs/EXPERIMENTS.md): per run its point,
/// configuration, replicate, seed and status, then per kept scope <c>&lt;scope&gt;_final_&lt;metric&gt;</c> (last
/// tick) and <c>&lt;scope&gt;_mean_&lt;metric&gt;</c> (mean over the ticks where defined). Without <c>keep:</c> the
/// folder has no runs.csv: the analysis is read through its outputs, and thousands of runs × every metric
/// would be a large table nobody asked for. Streamed one run at a time, in the runner's canonical order.
/// </summary>
public static class SensitivityRuns
{
    public static void Write(BatchFolder folder, SensitivityPlan plan)
    {
        if (plan.KeepMetrics is not { } metrics || plan.KeepScopes is not { } scopes)
        {
            return;
        }
        var measures = scopes.SelectMany(s => metrics.Select(m => new Measure(m, s, ClaimStatistic.Final))
            .Concat(metrics.Select(m => new Measure(m, s, new ClaimStatistic("mean"))))).ToList();
        AtomicFile.Write(folder.File(BatchFolder.RunsCsv), stream =>
        {
            using var text = CsvLineWriter.Open(stream);
            var csv = new CsvLineWriter(text);
            csv.Header(["run", "point", "configuration", "replicate", "seed", "status", "error",
                .. measures.Select(m => $"{m.Scope.Replace('-', '_')}_{m.Statistic.Key}_{m.Metric}")]);
            for (int p = 0; p < plan.PointCount; p++)
            {
                for (int c = 0; c < plan.Configs.Count; c++)
                {
                    var arm = new PlanArm(plan.ArmId(p, c), []);
                    for (int r = 0; r < plan.Replicates.Count; r++)
                    {
                        var run = new PlannedRun(SensitivityAnalysis.RunName(plan, arm.Id, r), arm, plan.Replicates[r]);
                        string status = folder.RunStatus(run);
                        string? error = status is "completed" or "missing" ? null : folder.ReadManifest(run)?.RootElement.GetProperty("error").GetString();
                        csv.Text(run.Name).Text(plan.PointId(p)).Text(plan.Configs[c].Id).Number(run.Replicate.Index).Number(run.Replicate.Seed).Text(status).Text(error);
                        var values = status == "completed"
                            ? ClaimsAnalysis.ReadRun(Path.Combine(folder.RunPath(run), RunFolder.MetricsFile), measures)
                            : [.. measures.Select(_ => double.NaN)];
                        foreach (double v in values)
                        {
                            csv.Number(v);
                        }
                        csv.EndLine();
                    }
                }
            }
            text.Flush();
        });
    }
}
