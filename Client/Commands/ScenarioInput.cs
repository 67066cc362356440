using OrleansGov.Scenarios;

namespace OrleansGov.Client.Commands;

/// <summary>Loads a scenario for a command and turns every way it can be wrong into one message.</summary>
internal static class ScenarioInput
{
    /// <summary>Loads <paramref name="fileOrPreset"/>; on bad input returns null and the message to print.</summary>
    public static Scenario? TryLoad(string fileOrPreset, out string? error)
    {
        try
        {
            error = null;
            return ScenarioLoader.Load(fileOrPreset);
        }
        catch (ScenarioException ex)
        {
            error = ex.Message;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"{fileOrPreset}: {ex.Message}";
        }
        return null;
    }

    /// <summary>
    /// Applies --seed and --ticks. A shorter run keeps only what falls inside it, by one rule for every
    /// tick-valued setting: timeline events and provinces' office upgrades (<c>upgrade-at-tick</c>) at
    /// or after the new last tick are dropped — in a file the same values are rejected — and each drop
    /// is described in <paramref name="notes"/> (the CLI prints them on stderr), so the manifest records
    /// what actually ran and never contradicts itself.
    /// </summary>
    public static Scenario WithOverrides(Scenario scenario, ulong? seed, int? ticks, out IReadOnlyList<string> notes)
    {
        var dropped = new List<string>();
        notes = dropped;
        if (seed is { } s)
        {
            scenario = scenario with { Seed = s };
        }
        if (ticks is { } t)
        {
            foreach (var e in scenario.Timeline.Where(e => e.Tick >= t))
            {
                dropped.Add($"drops the timeline event at tick {e.Tick} ({e.Kind})");
            }
            var provinces = scenario.Provinces.Select(p =>
            {
                if (p.Office.UpgradeAtTick is not { } upgrade || upgrade < t)
                {
                    return p;
                }
                dropped.Add($"drops {p.Name}'s office upgrade at tick {upgrade} (provinces[{p.Name}].office.upgrade-at-tick)");
                return p with { Office = p.Office with { UpgradeAtTick = null } };
            }).ToArray();
            scenario = scenario with { Ticks = t, Timeline = scenario.Timeline.Where(e => e.Tick < t).ToArray(), Provinces = provinces };
        }
        return scenario;
    }
}
