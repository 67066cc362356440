using System.Globalization;
using OrleansGov.Checkpoints;
using OrleansGov.Client.Hosting;
using OrleansGov.Ensemble;
using OrleansGov.Engine;

namespace OrleansGov.Client.Experiments;

public sealed partial class BatchRunner
{
    /// <summary>
    /// Finds the shared prefixes among <paramref name="pending"/> (reference engine, local or an ensemble;
    /// the Orleans engine runs every run whole) and returns the runs reordered so the runs of one prefix
    /// are adjacent — its checkpoint is then held only while they start.
    /// </summary>
    private List<PlannedRun> PlanPrefixes(IReadOnlyList<PlannedRun> pending, bool quiet)
    {
        if (!SharePrefixes || engine is not (ReferenceEngine or EnsembleEngine))
        {
            return pending.ToList();
        }
        var groups = SharedPrefixes.Plan(pending.Select(r => (r, experiment.ScenarioFor(r))).ToList());
        foreach (var group in groups)
        {
            var slot = new PrefixSlot(this, group);
            foreach (var run in group.Runs)
            {
                _prefixOf[run.Name] = slot;
            }
            log.Logger.Information("Shared prefix {Prefix}: ticks 0-{Last} once for {Runs}", group.Id, group.Tick - 1, string.Join(", ", group.Runs.Select(r => r.Name)));
        }
        if (groups.Count > 0 && !quiet)
        {
            int saved = groups.Sum(g => (g.Runs.Count - 1) * g.Tick);
            cli.Line(string.Format(CultureInfo.InvariantCulture, "shared prefixes: {0} for {1} runs, {2} run-ticks not recomputed",
                groups.Count, groups.Sum(g => g.Runs.Count), saved));
        }
        var position = pending.Select((r, i) => (r.Name, i)).ToDictionary(x => x.Name, x => x.i);
        var order = pending.Select((r, i) => (Run: r, Key: _prefixOf.TryGetValue(r.Name, out var slot) ? position[slot.Group.Runs[0].Name] : i, Index: i));
        return order.OrderBy(x => x.Key).ThenBy(x => x.Index).Select(x => x.Run).ToList();
    }

    /// <summary>Runs the ticks before <paramref name="group"/>'s tick once, on the batch's engine; null when it could not.</summary>
    private async Task<RunCheckpoint?> RunPrefixAsync(SharedPrefixes.Group group, CancellationToken cancellationToken)
    {
        try
        {
            return engine switch
            {
                EnsembleEngine ensemble => await ensemble.RunPrefixAsync($"{experiment.Plan.Name}-{group.Id}-{_attempt}", group.Scenario, group.Tick, cancellationToken),
                _ => await ReferencePrefix.RunAsync(group.Scenario, group.Tick, null, cancellationToken),
            };
        }
        catch (Exception ex) when (ex is not (ClusterUnavailableException or OperationCanceledException))
        {
            log.Logger.Warning(ex, "Shared prefix {Prefix} failed; its runs run whole", group.Id);
            return null;
        }
    }

    /// <summary>
    /// A prefix's checkpoint, computed by the first of its runs that needs it and dropped once every one
    /// of them has taken it. Null (the run runs whole) when the prefix failed.
    /// </summary>
    private sealed class PrefixSlot(BatchRunner runner, SharedPrefixes.Group group)
    {
        private readonly Lock _gate = new();
        private Task<RunCheckpoint?>? _checkpoint;
        private int _waiting = group.Runs.Count;

        public SharedPrefixes.Group Group => group;

        public async Task<RunCheckpoint?> TakeAsync(CancellationToken cancellationToken)
        {
            Task<RunCheckpoint?> task;
            lock (_gate)
            {
                task = _checkpoint ??= runner.RunPrefixAsync(group, cancellationToken);
            }
            var checkpoint = await task;
            lock (_gate)
            {
                if (--_waiting == 0)
                {
                    _checkpoint = Task.FromResult<RunCheckpoint?>(null);
                }
            }
            return checkpoint;
        }
    }
}
