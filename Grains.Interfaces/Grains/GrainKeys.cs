using OrleansGov.Model;

namespace OrleansGov.Grains;

/// <summary>Grain keys and stream ids of a run; every key is scoped by the run id (ARCHITECTURE §4).</summary>
public static class GrainKeys
{
    /// <summary>The stream provider that carries per-tick metrics.</summary>
    public const string MetricsProvider = "metrics";

    /// <summary>The namespace of metrics streams; the stream key is the run id.</summary>
    public const string MetricsNamespace = "og.metrics";

    /// <summary>The key of the grain hosting <paramref name="agent"/> in run <paramref name="runId"/>: <c>{runId}/{agentId}</c>.</summary>
    public static string Agent(string runId, AgentId agent)
    {
        Span<char> id = stackalloc char[AgentId.MaxTextLength];
        int length = agent.Format(id);
        return string.Concat(runId, "/", id[..length]);
    }

    /// <summary>Splits a key made by <see cref="Agent"/> (the agent part never contains '/').</summary>
    public static (string RunId, AgentId Agent) Parse(string key)
    {
        var agent = Parse(key.AsSpan(), out var runId);
        return (runId.ToString(), agent);
    }

    /// <summary>
    /// Splits a key made by <see cref="Agent"/> without making strings of its parts: the agent, and
    /// in <paramref name="runId"/> the slice of <paramref name="key"/> that is the run id.
    /// </summary>
    public static AgentId Parse(ReadOnlySpan<char> key, out ReadOnlySpan<char> runId)
    {
        int slash = key.LastIndexOf('/');
        if (slash <= 0)
        {
            throw new FormatException($"'{key}' is not a run-scoped agent key.");
        }
        runId = key[..slash];
        return AgentId.Parse(key[(slash + 1)..]);
    }

}
