using OrleansGov.Checkpoints;
using OrleansGov.Engine;
using OrleansGov.Metrics;
using OrleansGov.Scenarios;

namespace OrleansGov.Ensemble;

/// <summary>
/// A shared prefix: the ticks before <c>tick</c> of a scenario, run once by the reference engine's loop
/// and kept as the checkpoint at that barrier, from which every arm that differs only from
/// <c>tick</c> on is forked (<see cref="RunPlan.From"/>). The loop is the reference engine's own
/// (same simulation, same recent windows), so a fork from it equals a full run byte for byte.
/// </summary>
public static class ReferencePrefix
{
    /// <summary>
    /// Runs ticks <c>0 … tick−1</c> of <paramref name="scenario"/> (reporting each tick's rows to
    /// <paramref name="onTick"/>) and returns the checkpoint at the barrier before <paramref name="tick"/>;
    /// null when cancelled.
    /// </summary>
    public static RunCheckpoint? Run(Scenario scenario, int tick, Action<ScopeMetrics[]>? onTick, CancellationToken cancellationToken)
    {
        if (tick < 1 || tick >= scenario.Ticks)
        {
            throw new ArgumentOutOfRangeException(nameof(tick), $"A prefix of {scenario.Name} ends between tick 1 and {scenario.Ticks - 1}, not at {tick}.");
        }
        var simulation = new ReferenceSimulation(scenario);
        var window = new MetricsWindow(simulation.World);
        var rows = new List<ScopeMetrics>();
        for (int t = 0; t < tick; t++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            var tickRows = window.Apply(simulation.Step(t));
            rows.AddRange(tickRows);
            onTick?.Invoke(tickRows);
        }
        return Checkpoint.Assemble(tick, scenario, rows, [], simulation.Capture());
    }

    /// <summary><see cref="Run"/> on a thread of its own (<see cref="OwnThread"/>), never on a pool thread.</summary>
    public static Task<RunCheckpoint?> RunAsync(Scenario scenario, int tick, Action<ScopeMetrics[]>? onTick, CancellationToken cancellationToken) =>
        OwnThread.Run(() => Run(scenario, tick, onTick, cancellationToken));

    /// <summary>The checkpoint as a portable file's bytes (what travels between client and silos).</summary>
    public static byte[] ToFile(RunCheckpoint checkpoint)
    {
        using var stream = new MemoryStream();
        Checkpoint.WriteFile(stream, checkpoint);
        return stream.ToArray();
    }

    /// <summary>Reads bytes written by <see cref="ToFile"/>; throws <see cref="InvalidDataException"/> when damaged.</summary>
    public static RunCheckpoint FromFile(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return Checkpoint.ReadFile(stream);
    }
}
