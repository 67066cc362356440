using OrleansGov.Checkpoints;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Engine;

/// <summary>
/// The in-process reference engine: a plain loop over every agent, running the same rules as the
/// grains. It is the oracle the Orleans engine must match bit for bit, and the ceiling it is measured
/// against. It takes and starts from the same checkpoints as the Orleans engine.
/// </summary>
public sealed class ReferenceEngine : ISimulationEngine
{
    public string Name => "reference";

    public Task<RunOutcome> RunAsync(string runId, Scenario scenario, IProgress<TickMetrics>? progress, CancellationToken cancellationToken) =>
        RunAsync(runId, scenario, RunPlan.Default, progress, cancellationToken);

    public Task<RunOutcome> RunAsync(string runId, Scenario scenario, RunPlan plan, IProgress<TickMetrics>? progress, CancellationToken cancellationToken) =>
        OwnThread.Run(() => RunCore(runId, scenario, plan, progress, cancellationToken));

    /// <summary>The loop, on a thread of its own (<see cref="OwnThread"/>): it blocks on the plan's exports and outputs rather than awaiting them, so it never continues on a pool thread.</summary>
    private static RunOutcome RunCore(string runId, Scenario scenario, RunPlan plan, IProgress<TickMetrics>? progress, CancellationToken cancellationToken)
    {
        var rows = new List<ScopeMetrics>();
        var checkpoints = new List<CheckpointInfo>();
        MetricsWindow window;
        try
        {
            ReferenceSimulation simulation;
            int start = 0;
            if (plan.From is { } from)
            {
                if (Checkpoint.Mismatch(from.Meta, scenario) is { } mismatch)
                {
                    throw new InvalidOperationException("Cannot start from the checkpoint: " + mismatch + ".");
                }
                simulation = ReferenceSimulation.Restore(scenario, from.Parts);
                start = from.Meta.Tick;
                window = new MetricsWindow(simulation.World);
                foreach (var tick in from.Meta.Rows.GroupBy(r => r.Tick))
                {
                    window.Replay([tick.ToArray()]);
                    rows.AddRange(tick);
                    progress?.Report(new TickMetrics(runId, tick.Key, scenario.Ticks, tick.ToArray()));
                }
            }
            else
            {
                simulation = new ReferenceSimulation(scenario);
                window = new MetricsWindow(simulation.World);
            }
            for (int tick = start; tick < scenario.Ticks; tick++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return Outcome(RunStatus.Cancelled, rows, "Cancelled before tick " + tick + ".", checkpoints);
                }
                if (plan.IsCheckpointTick(tick, scenario.Ticks) && tick != start)
                {
                    long captureStart = System.Diagnostics.Stopwatch.GetTimestamp();
                    var checkpoint = Checkpoint.Assemble(tick, scenario, rows, [], simulation.Capture());
                    checkpoints.Add(new CheckpointInfo(tick, checkpoint.Meta.Parts.Sum(p => (long)p.Bytes), System.Diagnostics.Stopwatch.GetElapsedTime(captureStart).TotalSeconds));
                    if (plan.Export is { } export)
                    {
                        export(checkpoint).GetAwaiter().GetResult();
                    }
                }
                var (stepRows, outputs) = simulation.StepWithOutputs(tick);
                var tickRows = window.Apply(stepRows);
                rows.AddRange(tickRows);
                if (outputs is not null && plan.Outputs is { } writeOutputs)
                {
                    writeOutputs(outputs).GetAwaiter().GetResult();
                }
                progress?.Report(new TickMetrics(runId, tick, scenario.Ticks, tickRows));
            }
            return Outcome(RunStatus.Completed, rows, null, checkpoints);
        }
        catch (Exception ex)
        {
            return Outcome(RunStatus.Failed, rows, ex.Message, checkpoints);
        }
    }

    private static RunOutcome Outcome(RunStatus status, List<ScopeMetrics> rows, string? error, List<CheckpointInfo> checkpoints) =>
        new(status, rows, 0, error) { Checkpoints = checkpoints };
}
