using OrleansGov.Client.Claims;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;

namespace OrleansGov.Client.Sensitivity;

/// <summary>
/// What one run is reduced to: the values of <see cref="SensitivityPlan.Measures"/> for the run of a
/// point in a configuration and replicate (indices from 0), or null when that run did not complete.
/// The verb reads them from the run folders; tests plug in an analytic function here.
/// </summary>
public delegate double[]? RunMeasures(int point, int config, int replicate);

/// <summary>One row of indices.csv: a parameter's indices for one output (Sobol or Morris fields set).</summary>
public sealed record IndexRow(string Output, string Parameter, SobolIndex? Sobol, MorrisIndex? Morris);

/// <summary>The outputs at every point and their indices.</summary>
/// <param name="Y">[output][point]: the output's value at each sample point (NaN where undefined or a run is missing).</param>
/// <param name="Missing">Runs that did not complete (their points are NaN).</param>
public sealed record SensitivityResult(double[][] Y, IReadOnlyList<IndexRow> Rows, IReadOnlyList<string> Missing);

/// <summary>
/// From the runs' measures to the outputs at each point and the indices. An output at a point is the
/// mean over replicates of Σ weight × measure over its configurations (for a contrast, the paired
/// difference per replicate, then the mean); a milestone never reached counts as the run length
/// (censored). The runs are read one at a time in point order, so only the outputs (points × outputs
/// numbers) stay in memory, never a series.
/// </summary>
public static class SensitivityAnalysis
{
    public static SensitivityResult Analyse(SensitivityPlan plan, RunMeasures measuresOf, IReadOnlyList<string>? missing = null)
    {
        var measures = plan.Measures();
        var measureIndex = plan.Outputs.Select(o => measures.ToList().FindIndex(m => m.Key == o.Measure.Key)).ToArray();
        var configIndex = plan.Outputs.Select(o => o.Weights.ToDictionary(w => plan.Configs.ToList().FindIndex(c => c.Id == w.Key), w => w.Value)).ToArray();
        int points = plan.PointCount, reps = plan.Replicates.Count;
        var y = plan.Outputs.Select(_ => new double[points]).ToArray();
        var runs = new double[]?[plan.Configs.Count];
        for (int p = 0; p < points; p++)
        {
            var sums = new double[plan.Outputs.Count];
            for (int r = 0; r < reps; r++)
            {
                for (int c = 0; c < plan.Configs.Count; c++)
                {
                    runs[c] = measuresOf(p, c, r);
                }
                for (int o = 0; o < plan.Outputs.Count; o++)
                {
                    double contrast = 0;
                    foreach (var (c, w) in configIndex[o])
                    {
                        double v = runs[c] is { } values ? values[measureIndex[o]] : double.NaN;
                        if (double.IsNaN(v) && measures[measureIndex[o]].Statistic.IsMilestone && runs[c] is not null)
                        {
                            v = plan.Ticks; // never reached within the run: censored at the run length
                        }
                        contrast += w * v;
                    }
                    sums[o] += contrast;
                }
            }
            for (int o = 0; o < plan.Outputs.Count; o++)
            {
                y[o][p] = sums[o] / reps;
            }
        }
        return new SensitivityResult(y, Indices(plan, y), missing ?? []);
    }

    /// <summary>Every output × parameter index, outputs in plan order, parameters in range order.</summary>
    public static IReadOnlyList<IndexRow> Indices(SensitivityPlan plan, double[][] y)
    {
        var rows = new List<IndexRow>();
        double[][]? unit = plan.Method == SensitivityPlan.Morris ? plan.UnitSample() : null;
        for (int o = 0; o < plan.Outputs.Count; o++)
        {
            // One bootstrap stream per output, derived from the plan's seed: the same CIs on every rebuild.
            ulong seed = plan.Seed ^ (0x9E3779B97F4A7C15UL * (ulong)(o + 1));
            if (plan.Method == SensitivityPlan.Sobol)
            {
                var indices = SobolIndices.Analyse(y[o], plan.K, plan.Bootstrap, seed);
                rows.AddRange(plan.Parameters.Select((p, i) => new IndexRow(plan.Outputs[o].Name, p.Path, indices[i], null)));
            }
            else
            {
                var indices = Morris.Analyse(unit!, y[o], plan.K, plan.Levels, plan.Bootstrap, seed);
                rows.AddRange(plan.Parameters.Select((p, i) => new IndexRow(plan.Outputs[o].Name, p.Path, null, indices[i])));
            }
        }
        return rows;
    }

    /// <summary>The verb's <see cref="RunMeasures"/>: each completed run's metrics.csv reduced by <see cref="ClaimsAnalysis.ReadRun"/>; missing runs are collected.</summary>
    public static RunMeasures FromFolder(BatchFolder folder, SensitivityPlan plan, List<string> missing)
    {
        var measures = plan.Measures();
        return (point, config, replicate) =>
        {
            var arm = new PlanArm(plan.ArmId(point, config), []);
            var run = new PlannedRun(RunName(plan, arm.Id, replicate), arm, plan.Replicates[replicate]);
            if (!folder.IsCompleted(run))
            {
                missing.Add(run.Name);
                return null;
            }
            return ClaimsAnalysis.ReadRun(Path.Combine(folder.RunPath(run), RunFolder.MetricsFile), measures);
        };
    }

    /// <summary>The run folder name the batch runner gives (<see cref="BatchPlan.Runs"/>): <c>ARM-rNN</c>.</summary>
    public static string RunName(SensitivityPlan plan, string armId, int replicate)
    {
        int width = Math.Max(2, plan.Replicates.Count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        return $"{armId}-r{(replicate + 1).ToString("D" + width, System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
