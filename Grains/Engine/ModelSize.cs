using System.Globalization;
using OrleansGov.Scenarios;

namespace OrleansGov.Engine;

/// <summary>What a run may use: an agent cap, and the memory it may take (null: not checked, e.g. a remote cluster's).</summary>
public sealed record AdmissionLimits(long MaxAgents, long? AvailableBytes)
{
    /// <summary>The default agent cap: ten times the <c>stress</c> preset, far above what one machine runs.</summary>
    public const long DefaultMaxAgents = 10_000_000;

    /// <summary>Limits for a run on this machine: the cap given (or the default) and the memory available now.</summary>
    public static AdmissionLimits ThisMachine(long? maxAgents = null) => new(maxAgents ?? DefaultMaxAgents, ModelSize.AvailableMemoryBytes());
}

/// <summary>Whether a model may be built, and why not.</summary>
/// <param name="Agents">Agents the scenario has (saturating at <see cref="long.MaxValue"/>).</param>
/// <param name="EstimatedBytes">Peak memory the run is expected to take, for the engine asked (× concurrent runs).</param>
/// <param name="Refusal">Null when admitted; otherwise one sentence for the user (what, how much, which limit).</param>
public sealed record Admission(long Agents, long EstimatedBytes, string? Refusal)
{
    public bool Admitted => Refusal is null;
}

/// <summary>
/// A model's size before anything is built (issue 14 item 8): the agent count by arithmetic on the
/// scenario (no <c>World</c>, no lists — a scenario of 200 million counties is counted in microseconds),
/// a memory estimate from measured bytes per agent, and the one admission check the CLI and the
/// dashboard apply before starting a run.
/// </summary>
public static class ModelSize
{
    /// <summary>
    /// Peak working set per agent, measured (docs/PERFORMANCE.md, round 4 bench, 2 cores, server GC):
    /// the larger of the <c>national</c> (35,780 agents) and <c>stress</c> (998,511 agents) figures,
    /// rounded up. Reference loop: 2,288 and 1,227 B/agent; Orleans engine (one grain per agent,
    /// embedded silo): 6,850 and 5,327 B/agent.
    /// </summary>
    public const long ReferenceBytesPerAgent = 2_400, OrleansBytesPerAgent = 7_000;

    /// <summary>The process before any agent exists (same bench: ~135 MB reference, ~200 MB with a silo), rounded up.</summary>
    public const long ReferenceBaseBytes = 160L << 20, OrleansBaseBytes = 256L << 20;

    /// <summary>
    /// Agents of <paramref name="scenario"/>: the nation, and per province its governments (the province,
    /// its cities and counties) each with one agent per department, its office, its enterprises and its
    /// counties' citizen groups — the same count as <c>World.AgentCount</c>, without building anything.
    /// </summary>
    public static long Agents(Scenario scenario)
    {
        Int128 total = 1;
        long departments = scenario.Departments.Length;
        foreach (var p in scenario.Provinces)
        {
            Int128 governments = 1 + (Int128)p.Cities + p.Counties;
            total += governments * (1 + departments) + 1 + p.Enterprises + (Int128)p.Counties * p.CitizenGroupsPerCounty;
        }
        return total > long.MaxValue ? long.MaxValue : (long)total;
    }

    /// <summary>Expected peak bytes of one run of <paramref name="agents"/> agents on <paramref name="engine"/> (reference or orleans).</summary>
    public static long EstimatedBytes(long agents, string engine)
    {
        var (perAgent, baseBytes) = engine == "reference" ? (ReferenceBytesPerAgent, ReferenceBaseBytes) : (OrleansBytesPerAgent, OrleansBaseBytes);
        Int128 bytes = (Int128)agents * perAgent + baseBytes;
        return bytes > long.MaxValue ? long.MaxValue : (long)bytes;
    }

    /// <summary>
    /// The admission check: refuses a scenario with more agents than <see cref="AdmissionLimits.MaxAgents"/>,
    /// or whose estimate for <paramref name="concurrentRuns"/> runs at once exceeds the available memory.
    /// </summary>
    public static Admission Check(Scenario scenario, string engine, AdmissionLimits limits, int concurrentRuns = 1)
    {
        long agents = Agents(scenario);
        long perRun = EstimatedBytes(agents, engine);
        long bytes = (long)Math.Min((double)perRun * Math.Max(1, concurrentRuns), long.MaxValue);
        if (agents > limits.MaxAgents)
        {
            return new Admission(agents, bytes, string.Create(CultureInfo.InvariantCulture,
                $"{scenario.Name} has {agents:N0} agents, more than the limit of {limits.MaxAgents:N0} (raise it with --max-agents if the machine can hold it)"));
        }
        if (limits.AvailableBytes is { } available && bytes > available)
        {
            string runs = concurrentRuns > 1 ? $" × {concurrentRuns} runs at once" : "";
            return new Admission(agents, bytes, string.Create(CultureInfo.InvariantCulture,
                $"{scenario.Name} has {agents:N0} agents: the {engine} engine would need about {Gb(bytes)}{runs}, and this machine has {Gb(available)} available"));
        }
        return new Admission(agents, bytes, null);
    }

    /// <summary>Memory available to a new run now: Linux's MemAvailable, else what the runtime may use.</summary>
    public static long AvailableMemoryBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)
                    && long.TryParse(line["MemAvailable:".Length..].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kb))
                {
                    return kb * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    public static string Gb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GB");
}
