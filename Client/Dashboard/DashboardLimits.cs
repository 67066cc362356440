namespace OrleansGov.Client.Dashboard;

/// <summary>
/// What one dashboard process lets its clients hold (issue 14, item 11; figures in docs/RELIABILITY.md).
/// </summary>
/// <param name="MaxStreams">Live Server-Sent-Event connections in all; beyond it 429.</param>
/// <param name="MaxStreamsPerClient">Live SSE connections from one client address; beyond it 429.</param>
/// <param name="MaxBodyBytes">Largest request body (a scenario's YAML text included); beyond it 413.</param>
/// <param name="PageTicks">Ticks of history per page: SSE history is written and flushed a page at a time, and a JSON read returns at most this many ticks.</param>
/// <param name="FeedBytes">Serialised ticks one run's shared feed keeps in memory; older ticks are read again from the run, a page at a time, by the connection that needs them.</param>
public sealed record DashboardLimits(
    int MaxStreams = 256,
    int MaxStreamsPerClient = 16,
    long MaxBodyBytes = 4 * 1024 * 1024,
    int PageTicks = 64,
    long FeedBytes = 64L * 1024 * 1024);
