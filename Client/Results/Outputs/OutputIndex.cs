using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Results.Outputs;

/// <summary>One Parquet file of the declared outputs: its path in the results folder, output, tick, rows, bytes and SHA-256.</summary>
public sealed record OutputFile(string Path, string Dataset, int Tick, int Rows, long Bytes, string Sha256);

/// <summary>
/// <c>outputs/outputs.json</c>: what the declared outputs of a run hold. <paramref name="Complete"/> is
/// true when every due tick of the ticks done has its files; otherwise <paramref name="Problem"/> says why.
/// </summary>
public sealed record OutputIndex(int Format, int FirstTick, int TicksDone, bool Complete, string? Problem, OutputSpec Declared, OutputFile[] Files)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static OutputIndex Read(string path) => JsonSerializer.Deserialize<OutputIndex>(File.ReadAllBytes(path), Json)
        ?? throw new InvalidDataException($"{path} is empty.");
}
