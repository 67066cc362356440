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
    /// Applies --seed and --ticks. Timeline events that would fall at or after the new last tick are
    /// dropped (and reported in <paramref name="dropped"/>), so the manifest records what actually ran.
    /// </summary>
    public static Scenario WithOverrides(Scenario scenario, ulong? seed, int? ticks, out Intervention[] dropped)
    {
        dropped = [];
        if (seed is { } s)
        {
            scenario = scenario with { Seed = s };
        }
        if (ticks is { } t)
        {
            dropped = scenario.Timeline.Where(e => e.Tick >= t).ToArray();
            scenario = scenario with { Ticks = t, Timeline = scenario.Timeline.Where(e => e.Tick < t).ToArray() };
        }
        return scenario;
    }
}
