using OrleansGov.Scenarios;

namespace OrleansGov.Client.Dashboard;

/// <summary>
/// Decides whether a scenario may start (issue 14, items 8 and 12): the dashboard asks before it
/// builds anything, and answers 422 with the reason when refused. The CLI's admission limit
/// (branch <c>harden</c>) is meant to be the one implementation behind this interface.
/// </summary>
public interface IRunAdmission
{
    /// <summary>Null when <paramref name="scenario"/> may run; otherwise why not, in one sentence.</summary>
    string? Refuse(Scenario scenario);
}

/// <summary>
/// The scenario's size, counted arithmetically from the province specs (never by building the
/// world, which for 200 M counties would itself take the machine): the same total as
/// <c>World.AgentCount</c>, which a test checks for every preset.
/// </summary>
public static class ScenarioSize
{
    /// <summary>Agents in all, the nation included; saturates at <see cref="long.MaxValue"/>.</summary>
    public static long Agents(Scenario scenario)
    {
        long departments = scenario.Departments.Length;
        Int128 total = 1; // the nation
        foreach (var p in scenario.Provinces)
        {
            Int128 governments = 1 + (Int128)p.Cities + p.Counties;
            total += governments * (1 + departments) + 1 + p.Enterprises + (Int128)p.Counties * p.CitizenGroupsPerCounty;
        }
        return total > long.MaxValue ? long.MaxValue : (long)total;
    }
}

/// <summary>
/// Admits a scenario when its agents fit under a cap and its estimated memory under what this
/// process may use. Bytes per agent: the <c>stress</c> preset (998,511 agents) peaked at 5.3 GB on the
/// Orleans engine (docs/PERFORMANCE.md), so ~5.3 KB per agent; each stored tick costs ~250 bytes per scope.
/// </summary>
public sealed class MemoryAdmission : IRunAdmission
{
    public const long BytesPerAgent = 5_300;
    public const long BytesPerStoredRow = 250;

    /// <param name="maxAgents">An explicit cap (e.g. <c>--max-agents</c>); null derives it from memory alone.</param>
    /// <param name="availableBytes">Memory the runs may use; null takes half of what the GC says this process may use.</param>
    public MemoryAdmission(long? maxAgents = null, long? availableBytes = null)
    {
        AvailableBytes = availableBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;
        MaxAgents = maxAgents ?? AvailableBytes / BytesPerAgent;
    }

    public long MaxAgents { get; }

    public long AvailableBytes { get; }

    public string? Refuse(Scenario scenario)
    {
        long agents = ScenarioSize.Agents(scenario);
        if (agents > MaxAgents)
        {
            return $"the scenario has {agents:N0} agents; this dashboard admits at most {MaxAgents:N0} (--max-agents)";
        }
        Int128 bytes = (Int128)agents * BytesPerAgent + (Int128)scenario.Ticks * (scenario.Provinces.Length + 1) * BytesPerStoredRow;
        if (bytes > AvailableBytes)
        {
            return $"the run would need about {Gigabytes(bytes)} of memory ({agents:N0} agents, {scenario.Ticks:N0} ticks of stored metrics); "
                + $"{Gigabytes(AvailableBytes)} is available to runs";
        }
        return null;
    }

    private static string Gigabytes(Int128 bytes) => $"{(double)bytes / 1e9:0.0} GB";
}
