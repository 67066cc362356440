using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Engine;

/// <summary>
/// The in-process reference engine: a plain loop over every agent, running the same rules as the
/// grains. It is the oracle the Orleans engine must match bit for bit, and the ceiling it is measured
/// against.
/// </summary>
public sealed class ReferenceEngine : ISimulationEngine
{
    public string Name => "reference";

    public Task<RunOutcome> RunAsync(string runId, Scenario scenario, IProgress<TickMetrics>? progress, CancellationToken cancellationToken) =>
        Task.Run(() => Run(runId, scenario, progress, cancellationToken), CancellationToken.None);

    private static RunOutcome Run(string runId, Scenario scenario, IProgress<TickMetrics>? progress, CancellationToken cancellationToken)
    {
        var rows = new List<ScopeMetrics>();
        try
        {
            var simulation = new ReferenceSimulation(scenario);
            for (int tick = 0; tick < scenario.Ticks; tick++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return new RunOutcome(RunStatus.Cancelled, rows, 0, "Cancelled before tick " + tick + ".");
                }
                var tickRows = simulation.Step(tick);
                rows.AddRange(tickRows);
                progress?.Report(new TickMetrics(runId, tick, scenario.Ticks, tickRows));
            }
            return new RunOutcome(RunStatus.Completed, rows, 0, null);
        }
        catch (Exception ex)
        {
            return new RunOutcome(RunStatus.Failed, rows, 0, ex.Message);
        }
    }
}
