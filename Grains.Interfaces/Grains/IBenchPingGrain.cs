namespace OrleansGov.Grains;

/// <summary>
/// A grain that does nothing, for <c>orleansgov bench</c>'s runtime ceiling: how many no-op grain calls
/// per second this machine's silo serves (docs/PERFORMANCE.md). Not part of any run.
/// </summary>
[Alias("og.IBenchPingGrain")]
public interface IBenchPingGrain : IGrainWithIntegerKey
{
    [Alias("Ping")]
    Task PingAsync();
}

/// <summary>
/// One of the bench's callers: in rounds, makes <c>fanOut</c> concurrent no-op calls to its own
/// <see cref="IBenchPingGrain"/>s and awaits them all (as a government grain steps its subtree), for
/// a while, and says how many calls it made.
/// </summary>
[Alias("og.IBenchCallerGrain")]
public interface IBenchCallerGrain : IGrainWithIntegerKey
{
    [Alias("CallFor")]
    Task<long> CallForAsync(TimeSpan duration, int fanOut);
}
