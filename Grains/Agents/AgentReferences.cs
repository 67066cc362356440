using Orleans.Runtime;
using OrleansGov.Grains;
using OrleansGov.Model;

namespace OrleansGov.Agents;

/// <summary>
/// References to a run's agent grains, made in bulk when a government builds its subtree.
/// <c>IGrainFactory.GetGrain&lt;T&gt;(string)</c> resolves <typeparamref name="T"/>'s grain interface
/// type on every call, by reading its attributes and parsing and rewriting its type name (~1.2 KB of
/// garbage a call, measured with an allocation trace: a million calls in stress's first tick, round 10
/// of docs/PERFORMANCE.md). The grain type and interface type depend on <typeparamref name="T"/> alone
/// (the code's grain classes and interfaces), so they are taken once from a reference made the
/// ordinary way and every other reference is built from its id directly: the same references, without
/// the garbage.
/// </summary>
internal static class AgentReferences
{
    public static T[] Create<T>(IGrainFactory grains, string runId, IReadOnlyList<AgentId> agents)
        where T : class, IGrainWithStringKey
    {
        var references = new T[agents.Count];
        for (int i = 0; i < references.Length; i++)
        {
            string key = GrainKeys.Agent(runId, agents[i]);
            if (Types<T>.Resolved is not { } types)
            {
                var first = grains.GetGrain<T>(key);
                Types<T>.Resolved = new GrainTypes(first.GetGrainId().Type, ((GrainReference)(object)first).InterfaceType);
                references[i] = first;
                continue;
            }
            references[i] = (T)grains.GetGrain(GrainId.Create(types.GrainType, IdSpan.Create(key)), types.InterfaceType);
        }
        return references;
    }

    private sealed record GrainTypes(GrainType GrainType, GrainInterfaceType InterfaceType);

    /// <summary>
    /// <typeparamref name="T"/>'s grain type and grain interface type, once known. Racing first calls may
    /// each write it, always with the same values; a reader sees null or a whole object.
    /// </summary>
    private static class Types<T>
    {
        public static GrainTypes? Resolved;
    }
}
