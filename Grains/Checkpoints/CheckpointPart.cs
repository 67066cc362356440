using System.Security.Cryptography;
using System.Text;
using OrleansGov.Model;

namespace OrleansGov.Checkpoints;

/// <summary>
/// The nation's or one province's share of a checkpoint: the state of each of its agents (ascending
/// id) and the mail in transit to them (sorted by recipient, sender, sequence), so the same state
/// gives the same bytes whichever engine or silo wrote it. Inboxes are sorted canonically before use,
/// so the order mail is handed back in does not matter.
/// </summary>
public sealed class CheckpointPart
{
    private const int Magic = 0x5041_474F; // "OGAP"

    public CheckpointPart(string name, IEnumerable<(AgentId Id, byte[] State)> agents, IEnumerable<Envelope> mail)
    {
        Name = name;
        Agents = agents.OrderBy(a => a.Id.Value).ToArray();
        Mail = mail.OrderBy(e => e.To.Value).ThenBy(e => e.From.Value).ThenBy(e => e.Sequence).ToArray();
    }

    /// <summary><c>nation</c> or <c>p{index}</c>.</summary>
    public string Name { get; }

    public (AgentId Id, byte[] State)[] Agents { get; }

    public Envelope[] Mail { get; }

    /// <summary>The part that holds agent <paramref name="id"/> (and the mail to it).</summary>
    public static string NameFor(AgentId id) => id.Province < 0 ? "nation" : "p" + id.Province.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Name);
            writer.Write(Agents.Length);
            foreach (var (id, state) in Agents)
            {
                writer.Write(id.Value);
                writer.Write(state.Length);
                writer.Write(state);
            }
            writer.Write(Mail.Length);
            var envelope = StateCodec.For(typeof(Envelope));
            foreach (var e in Mail)
            {
                envelope.Write(writer, e);
            }
        }
        return stream.ToArray();
    }

    public static CheckpointPart FromBytes(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        if (reader.ReadInt32() != Magic)
        {
            throw new InvalidDataException("Not a checkpoint part.");
        }
        string name = reader.ReadString();
        var agents = new (AgentId, byte[])[reader.ReadInt32()];
        for (int i = 0; i < agents.Length; i++)
        {
            var id = new AgentId(reader.ReadUInt64());
            agents[i] = (id, reader.ReadBytes(reader.ReadInt32()));
        }
        var mail = new Envelope[reader.ReadInt32()];
        var envelope = StateCodec.For(typeof(Envelope));
        for (int i = 0; i < mail.Length; i++)
        {
            mail[i] = (Envelope)envelope.Read(reader, null)!;
        }
        return new CheckpointPart(name, agents, mail);
    }

    /// <summary>SHA-256 of the part's bytes (hex, first 16 digits), recorded in the checkpoint's commit.</summary>
    public static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
}
