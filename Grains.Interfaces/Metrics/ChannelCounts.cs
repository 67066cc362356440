namespace OrleansGov.Metrics;

/// <summary>
/// One count per <see cref="Model.SharingChannel"/> (within a government, across regions, across
/// provinces), held inline in its <see cref="MetricsAccumulator"/>. It replaced a <c>long[3]</c> per
/// count: every department tallies its deals and closed negotiations each tick, so the two arrays were
/// two objects (~100 B) per department-tick on the Orleans engine (docs/PERFORMANCE.md, round 9).
/// A mutable struct: reach it through the accumulator's <c>ref</c> properties, never copy it to change it.
/// </summary>
[GenerateSerializer, Alias("og.channel-counts")]
public struct ChannelCounts
{
    [Id(0)] public long Within;
    [Id(1)] public long Region;
    [Id(2)] public long Province;

    /// <summary>The count of channel <paramref name="channel"/> (0 within, 1 region, 2 province).</summary>
    public long this[int channel]
    {
        readonly get => channel switch
        {
            0 => Within,
            1 => Region,
            2 => Province,
            _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "a sharing channel is 0, 1 or 2"),
        };
        set
        {
            switch (channel)
            {
                case 0: Within = value; break;
                case 1: Region = value; break;
                case 2: Province = value; break;
                default: throw new ArgumentOutOfRangeException(nameof(channel), channel, "a sharing channel is 0, 1 or 2");
            }
        }
    }

    /// <summary>Adds <paramref name="other"/>'s counts channel by channel.</summary>
    public void Add(in ChannelCounts other)
    {
        Within += other.Within;
        Region += other.Region;
        Province += other.Province;
    }
}
