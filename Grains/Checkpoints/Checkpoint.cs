using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using OrleansGov.Metrics;
using OrleansGov.Scenarios;

namespace OrleansGov.Checkpoints;

/// <summary>A whole checkpoint in memory: the commit record and its parts (a portable file, or what a restore reads).</summary>
public sealed record RunCheckpoint(CheckpointMeta Meta, CheckpointPart[] Parts);

/// <summary>Versioning, hashing and the portable file format of checkpoints.</summary>
public static class Checkpoint
{
    public const int FormatVersion = 1;

    /// <summary>File name of the checkpoint at <paramref name="tick"/> inside a results folder's <c>checkpoints/</c>.</summary>
    public static string FileName(int tick) => $"tick-{tick:D6}.ogck";

    public const string FolderName = "checkpoints";

    private static readonly byte[] FileMagic = "OGCK"u8.ToArray();

    /// <summary>The version of this build: OrleansGov's informational version (with the git commit when built from a checkout).</summary>
    public static string CodeVersion { get; } =
        typeof(Checkpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Checkpoint).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>
    /// A hash of everything in <paramref name="scenario"/> that fixes the past up to <paramref name="tick"/>:
    /// all but its name, description, length and what happens from <paramref name="tick"/> on (the timeline's
    /// events and the settings that name such a tick), which a fork may change.
    /// </summary>
    public static string WorldHash(Scenario scenario, int tick)
    {
        var bytes = StateCodec.ToBytes(PastOf(scenario, tick));
        return Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
    }

    /// <remarks>
    /// Settings that name a tick are the future when that tick is ≥ <paramref name="tick"/>: a Cloud Chief
    /// system's start tick (the model reads it only as <c>t ≥ StartTick</c>) and an office's upgrade tick
    /// (read as <c>t == UpgradeAtTick</c>) act the same before <paramref name="tick"/> whatever their value
    /// from it on, so they are set to <paramref name="tick"/> here — arms that differ only in them share
    /// their past (forks, a batch's shared prefixes).
    /// </remarks>
    private static Scenario PastOf(Scenario scenario, int tick) => scenario with
    {
        Name = "", Description = "", Ticks = 0,
        // Declared outputs never change what agents do: a fork may ask for others.
        Outputs = OutputSpec.None,
        Timeline = scenario.Timeline.Where(e => e.Tick < tick).ToArray(),
        System = FromTick(scenario.System, tick),
        Provinces = scenario.Provinces.Select(p => p with
        {
            System = p.System is { } system ? FromTick(system, tick) : null,
            Office = p.Office.UpgradeAtTick >= tick ? p.Office with { UpgradeAtTick = tick } : p.Office,
        }).ToArray(),
    };

    private static CloudChiefSystem FromTick(CloudChiefSystem system, int tick) =>
        system.StartTick >= tick ? system with { StartTick = tick } : system;

    /// <summary>
    /// Why <paramref name="checkpoint"/> cannot continue as <paramref name="scenario"/>, or null when it can:
    /// another code version or agent layout, or a scenario that differs before the checkpoint's tick
    /// (named field by field).
    /// </summary>
    public static string? Mismatch(CheckpointMeta checkpoint, Scenario scenario)
    {
        if (checkpoint.FormatVersion != FormatVersion)
        {
            return $"checkpoint format {checkpoint.FormatVersion}, this build reads format {FormatVersion}";
        }
        if (checkpoint.CodeVersion != CodeVersion)
        {
            return $"the checkpoint was written by OrleansGov {checkpoint.CodeVersion}, this is {CodeVersion}";
        }
        if (checkpoint.SchemaHash != AgentState.SchemaHash)
        {
            return $"the checkpoint's agent state layout {checkpoint.SchemaHash} differs from this build's {AgentState.SchemaHash}";
        }
        if (scenario.Ticks <= checkpoint.Tick)
        {
            return $"the scenario has {scenario.Ticks} ticks; the checkpoint is at tick {checkpoint.Tick}";
        }
        if (WorldHash(scenario, checkpoint.Tick) == checkpoint.WorldHash)
        {
            return null;
        }
        var past = PastOf(checkpoint.Scenario, checkpoint.Tick);
        var now = PastOf(scenario, checkpoint.Tick);
        var differing = typeof(Scenario).GetProperties()
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Where(p => !StateCodec.ToBytes(p.PropertyType, p.GetValue(past)).AsSpan().SequenceEqual(StateCodec.ToBytes(p.PropertyType, p.GetValue(now))))
            .Select(p => p.Name == "Timeline" ? $"timeline before tick {checkpoint.Tick}" : ToKebab(p.Name))
            .ToArray();
        return differing.Length == 0
            ? $"scenario hash {WorldHash(scenario, checkpoint.Tick)} differs from the checkpoint's {checkpoint.WorldHash}"
            : $"the scenario differs from the checkpoint's in: {string.Join(", ", differing)} (checkpoint scenario hash {checkpoint.WorldHash})";
    }

    private static string ToKebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>A commit record for the state at <paramref name="tick"/>.</summary>
    public static CheckpointMeta Meta(int tick, Scenario scenario, IReadOnlyList<ScopeMetrics> rows, IReadOnlyList<double> tickSeconds, PartRef[] parts) =>
        new(FormatVersion, CodeVersion, AgentState.SchemaHash, WorldHash(scenario, tick), tick, scenario, rows.ToArray(), tickSeconds.ToArray(), parts);

    public static byte[] MetaBytes(CheckpointMeta meta) => StateCodec.ToBytes(meta);

    public static CheckpointMeta MetaFromBytes(byte[] bytes) => StateCodec.FromBytes<CheckpointMeta>(bytes);

    /// <summary>Writes the portable file: magic, commit record, then every part (each checked against its hash on reading).</summary>
    public static void WriteFile(Stream stream, RunCheckpoint checkpoint)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(FileMagic);
        writer.Write(FormatVersion);
        var meta = MetaBytes(checkpoint.Meta);
        writer.Write(meta.Length);
        writer.Write(meta);
        writer.Write(checkpoint.Parts.Length);
        foreach (var part in checkpoint.Parts)
        {
            var bytes = part.ToBytes();
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
    }

    /// <summary>Reads a file written by <see cref="WriteFile"/>; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static RunCheckpoint ReadFile(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!reader.ReadBytes(4).AsSpan().SequenceEqual(FileMagic))
            {
                throw new InvalidDataException("not an OrleansGov checkpoint file");
            }
            int format = reader.ReadInt32();
            if (format != FormatVersion)
            {
                throw new InvalidDataException($"checkpoint format {format}, this build reads format {FormatVersion}");
            }
            var meta = MetaFromBytes(reader.ReadBytes(reader.ReadInt32()));
            int count = reader.ReadInt32();
            var parts = new CheckpointPart[count];
            for (int i = 0; i < count; i++)
            {
                var bytes = reader.ReadBytes(reader.ReadInt32());
                parts[i] = CheckpointPart.FromBytes(bytes);
                var expected = meta.Parts.FirstOrDefault(p => p.Name == parts[i].Name);
                if (expected is null || expected.Hash != CheckpointPart.Hash(bytes))
                {
                    throw new InvalidDataException($"part {parts[i].Name} does not match the checkpoint's commit record (damaged file)");
                }
            }
            if (count != meta.Parts.Length)
            {
                throw new InvalidDataException($"the file holds {count} parts; its commit record lists {meta.Parts.Length} (truncated file)");
            }
            return new RunCheckpoint(meta, parts);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("the file ends early (truncated checkpoint)");
        }
    }

    /// <summary>Builds a whole checkpoint (commit record and parts) from parts in memory.</summary>
    public static RunCheckpoint Assemble(int tick, Scenario scenario, IReadOnlyList<ScopeMetrics> rows, IReadOnlyList<double> tickSeconds, IEnumerable<CheckpointPart> parts)
    {
        var list = parts.ToArray();
        var refs = list.Select(p =>
        {
            var bytes = p.ToBytes();
            return new PartRef(p.Name, bytes.Length, CheckpointPart.Hash(bytes));
        }).ToArray();
        return new RunCheckpoint(Meta(tick, scenario, rows, tickSeconds, refs), list);
    }
}
