using OrleansGov.Checkpoints;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Experiments;

/// <summary>
/// Runs of a batch that are the same run up to some tick T — the same seed, constants and structure,
/// and the same timeline before T (<see cref="Checkpoint.WorldHash"/> equal at T) — share their first T
/// ticks: the prefix runs once to its checkpoint at T and each run is forked from it (issue 12, "batch
/// shared prefix"). Arms of an experiment that differ only in interventions after T are such runs: in
/// the base scenario's timeline, or in a setting that names a tick ≥ T (<c>cloud-chief-system.start-tick</c>,
/// <c>provinces[SEL].office.upgrade-at-tick</c>).
/// Each run joins at most one prefix, the longest it shares with at least one other run (longest first).
/// </summary>
public static class SharedPrefixes
{
    /// <summary>A prefix shorter than this is not worth a checkpoint (capturing and restoring one costs about a tick or two).</summary>
    public const int MinTicks = 4;

    /// <summary>One shared prefix: the ticks before <see cref="Tick"/> of <see cref="Scenario"/> (any of its runs'), and the runs forked from it.</summary>
    public sealed record Group(string Id, int Tick, Scenario Scenario, IReadOnlyList<PlannedRun> Runs);

    /// <summary>The shared prefixes among <paramref name="runs"/> (each with its scenario); runs in none run whole.</summary>
    public static IReadOnlyList<Group> Plan(IReadOnlyList<(PlannedRun Run, Scenario Scenario)> runs)
    {
        var groups = new List<Group>();
        // A fork writes declared outputs only from its checkpoint on, so a run that declares outputs runs whole:
        // its outputs/ then hold every due tick, as an unshared run's do.
        runs = [.. runs.Where(r => r.Scenario.Outputs.IsEmpty)];
        // Runs that differ before any event (seed, constants, structure) can never share: split on that first.
        foreach (var family in runs.GroupBy(r => Checkpoint.WorldHash(r.Scenario, 0)).Where(f => f.Count() > 1))
        {
            var open = family.ToList();
            var candidates = open.SelectMany(r => TicksNamed(r.Scenario))
                .Where(t => t >= MinTicks).Distinct().OrderDescending();
            foreach (int tick in candidates)
            {
                var sharing = open.Where(r => tick < r.Scenario.Ticks)
                    .GroupBy(r => Checkpoint.WorldHash(r.Scenario, tick))
                    .Where(g => g.Count() > 1)
                    .ToList();
                foreach (var shared in sharing)
                {
                    var members = shared.ToList();
                    groups.Add(new Group($"prefix-{members[0].Run.Name}-t{tick}", tick, members[0].Scenario, members.Select(m => m.Run).ToList()));
                    open.RemoveAll(members.Contains);
                }
            }
        }
        return groups;
    }

    /// <summary>Where two runs' pasts can part: the ticks of timeline events and of tick-valued settings, and the last tick.</summary>
    private static IEnumerable<int> TicksNamed(Scenario scenario) =>
        scenario.Timeline.Select(e => e.Tick)
            .Append(scenario.System.StartTick)
            .Concat(scenario.Provinces.SelectMany(p => new[] { p.System?.StartTick ?? 0, p.Office.UpgradeAtTick ?? 0 }))
            .Append(scenario.Ticks - 1);
}
