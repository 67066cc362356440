using System.Security.Cryptography;
using System.Text;
using OrleansGov.Model;

namespace OrleansGov.Checkpoints;

/// <summary>
/// One agent's whole state as bytes, captured generically by <see cref="StateCodec"/> (every field of
/// every <see cref="Agent"/> subclass, whatever the model adds), and restored into an agent freshly
/// made by <see cref="AgentFactory.Create"/>, so the model needs no checkpoint code of its own.
/// </summary>
public static class AgentState
{
    /// <summary>Every concrete agent class of the model.</summary>
    public static IReadOnlyList<Type> AgentTypes { get; } = typeof(Agent).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Agent)) && !t.IsAbstract)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray();

    /// <summary>
    /// A hash of how every agent class and the mail are laid out (field paths and types). Checkpoints
    /// record it; one made by a build with another layout is refused rather than misread.
    /// </summary>
    public static string SchemaHash { get; } = ComputeSchemaHash();

    public static byte[] Capture(Agent agent)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            StateCodec.For(agent.GetType()).Write(writer, agent);
        }
        return stream.ToArray();
    }

    /// <summary>The agent <paramref name="id"/> of <paramref name="world"/> in the state <paramref name="state"/> describes.</summary>
    public static Agent Restore(World world, AgentId id, byte[] state)
    {
        var agent = AgentFactory.Create(world, id);
        using var reader = new BinaryReader(new MemoryStream(state), Encoding.UTF8);
        var restored = StateCodec.For(agent.GetType()).Read(reader, agent);
        if (!ReferenceEquals(restored, agent) || reader.BaseStream.Position != state.Length)
        {
            throw new InvalidDataException($"The checkpointed state of {id} does not fit a {agent.GetType().Name}.");
        }
        if (agent.Id != id)
        {
            throw new InvalidDataException($"The checkpointed state restored for {id} belongs to {agent.Id}.");
        }
        return agent;
    }

    private static string ComputeSchemaHash()
    {
        var text = new StringBuilder();
        foreach (var type in AgentTypes)
        {
            text.Append(StateCodec.Describe(type));
        }
        text.Append(StateCodec.Describe(typeof(Envelope)));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16].ToLowerInvariant();
    }
}
