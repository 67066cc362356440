using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Orleans.Streams;
using OrleansGov.Engine;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using Serilog;

namespace OrleansGov.Client.Dashboard;

/// <summary>
/// One run's metrics as SSE frames, shared by every connection watching it (issue 14, item 11): one
/// subscription to the run's Orleans metrics stream and one status poll per run, however many
/// connections; each tick serialised once. History comes from the coordinator a page at a time; the
/// frames kept stay under <see cref="DashboardLimits.FeedBytes"/> (older ones are dropped and re-read
/// in pages by whichever connection still needs them).
/// </summary>
public sealed class RunFeed
{
    private static readonly TimeSpan StatusPoll = TimeSpan.FromSeconds(1);
    private readonly string _runId;
    private readonly IRunCoordinatorGrain _coordinator;
    private readonly IClusterClient _client;
    private readonly DashboardLimits _limits;
    private readonly Func<Task<byte[]>> _endFrame;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<byte[]?> _frames = [];
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _changed = NewSignal();
    private long _bytes;
    private int _evictedBelow;
    private int _totalTicks;
    private byte[]? _end;
    private Task _pump = Task.CompletedTask;

    internal RunFeed(string runId, IClusterClient client, DashboardLimits limits, Func<Task<byte[]>> endFrame, ILogger logger)
    {
        _runId = runId;
        _client = client;
        _coordinator = client.GetGrain<IRunCoordinatorGrain>(runId);
        _limits = limits;
        _endFrame = endFrame;
        _logger = logger;
    }

    /// <summary>Connections reading this feed (kept by <see cref="RunFeeds"/>).</summary>
    internal int Listeners { get; set; }

    /// <summary>Bytes of frames held now.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    internal void Start() => _pump = Task.Run(() => PumpAsync(_stop.Token));

    internal async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _pump;
    }

    /// <summary>
    /// Frames from tick <paramref name="fromTick"/> on, then the final status frame. An empty item means
    /// "nothing more right now": the writer flushes before the enumerator waits.
    /// </summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> FramesAsync(int fromTick, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int next = Math.Max(0, fromTick);
        int sincePage = 0;
        while (true)
        {
            byte[]? frame = null, end = null;
            bool evicted = false;
            Task changed;
            lock (_lock)
            {
                if (next < _evictedBelow)
                {
                    evicted = true;
                }
                else if (next < _frames.Count)
                {
                    frame = _frames[next];
                }
                else
                {
                    end = _end;
                }
                changed = _changed.Task;
            }
            if (evicted)
            {
                // Dropped from memory: this connection reads one page from the run and sends it.
                var rows = await _coordinator.GetMetricsPageAsync(next, Math.Min(_limits.PageTicks, _evictedBelow - next));
                foreach (var (tick, tickRows) in SseFrames.ByTick(rows))
                {
                    yield return SseFrames.Metric(_runId, tick, _totalTicks, tickRows);
                    next = tick + 1;
                }
                yield return ReadOnlyMemory<byte>.Empty;
                if (rows.Length == 0)
                {
                    next = _evictedBelow; // nothing stored there (cannot happen for a run's own past); move on
                }
                continue;
            }
            if (frame is not null)
            {
                yield return frame;
                next++;
                if (++sincePage == _limits.PageTicks)
                {
                    sincePage = 0;
                    yield return ReadOnlyMemory<byte>.Empty; // history goes out a page at a time
                }
                continue;
            }
            if (end is not null)
            {
                yield return end;
                yield break;
            }
            sincePage = 0;
            yield return ReadOnlyMemory<byte>.Empty;
            await changed.WaitAsync(cancellationToken);
        }
    }

    private async Task PumpAsync(CancellationToken stop)
    {
        // Bounded: if this process falls behind, the oldest live ticks are dropped and read back from the coordinator.
        var live = Channel.CreateBounded<TickMetrics>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        StreamSubscriptionHandle<TickMetrics>? subscription = null;
        try
        {
            var stream = OrleansMetricsStream.Of(_client.GetStreamProvider(GrainKeys.MetricsProvider), _runId);
            subscription = await stream.SubscribeAsync((metrics, _) =>
            {
                live.Writer.TryWrite(metrics);
                return Task.CompletedTask;
            });
            var info = await _coordinator.GetStatusAsync();
            _totalTicks = info.TotalTicks;
            int next = await BackfillAsync(0, int.MaxValue);
            while (!stop.IsCancellationRequested)
            {
                TickMetrics? tick = null;
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stop))
                {
                    wait.CancelAfter(StatusPoll);
                    try
                    {
                        tick = await live.Reader.ReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                    {
                        // No tick for a while: has the run ended?
                    }
                }
                if (tick is not null)
                {
                    if (tick.Tick < next)
                    {
                        continue;
                    }
                    if (tick.Tick > next)
                    {
                        next = await BackfillAsync(next, tick.Tick);
                    }
                    if (tick.Tick == next)
                    {
                        Append(tick.Tick, SseFrames.Metric(_runId, tick.Tick, tick.TotalTicks, tick.Rows));
                        next++;
                    }
                    continue;
                }
                info = await _coordinator.GetStatusAsync();
                if (info.IsFinished)
                {
                    await BackfillAsync(next, int.MaxValue);
                    End(await _endFrame());
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _logger.Error(ex, "The metrics feed of run {RunId} failed", _runId);
            End(null);
        }
        finally
        {
            if (subscription is not null)
            {
                try
                {
                    await subscription.UnsubscribeAsync();
                }
                catch (Exception ex)
                {
                    _logger.Warning(ex, "Unsubscribing from the metrics of run {RunId} failed", _runId);
                }
            }
        }
    }

    /// <summary>Appends stored ticks [<paramref name="from"/>, <paramref name="until"/>) page by page; returns the next tick to expect.</summary>
    private async Task<int> BackfillAsync(int from, int until)
    {
        int next = from;
        while (next < until)
        {
            var rows = await _coordinator.GetMetricsPageAsync(next, Math.Min(_limits.PageTicks, until - next));
            if (rows.Length == 0)
            {
                break;
            }
            foreach (var (tick, tickRows) in SseFrames.ByTick(rows))
            {
                Append(tick, SseFrames.Metric(_runId, tick, _totalTicks, tickRows));
                next = tick + 1;
            }
        }
        return next;
    }

    private void Append(int tick, byte[] frame)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            if (tick != _frames.Count)
            {
                return;
            }
            _frames.Add(frame);
            _bytes += frame.Length;
            while (_bytes > _limits.FeedBytes && _evictedBelow < _frames.Count - 1)
            {
                _bytes -= _frames[_evictedBelow]!.Length;
                _frames[_evictedBelow++] = null;
            }
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    /// <summary>Ends the feed; a null frame (the feed failed) ends the connections without a status event.</summary>
    private void End(byte[]? frame)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _end = frame ?? [];
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>The feeds of the runs being watched now: one per run, alive while a connection reads it.</summary>
public sealed class RunFeeds(IClusterClient client, DashboardLimits limits, ILogger logger)
{
    private readonly Dictionary<string, RunFeed> _feeds = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Feeds alive now (tests, figures).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _feeds.Count;
            }
        }
    }

    /// <summary>Bytes of frames held by all feeds.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _feeds.Values.Sum(f => f.Bytes);
            }
        }
    }

    /// <summary>The run's feed, started by its first listener; give it back with <see cref="ReleaseAsync"/>.</summary>
    public RunFeed Acquire(string runId, Func<Task<byte[]>> endFrame)
    {
        lock (_lock)
        {
            if (!_feeds.TryGetValue(runId, out var feed))
            {
                feed = new RunFeed(runId, client, limits, endFrame, logger);
                _feeds[runId] = feed;
                feed.Start();
            }
            feed.Listeners++;
            return feed;
        }
    }

    /// <summary>The last listener of a feed stops it: its subscription and frames go.</summary>
    public async Task ReleaseAsync(string runId, RunFeed feed)
    {
        lock (_lock)
        {
            if (--feed.Listeners > 0)
            {
                return;
            }
            _feeds.Remove(runId);
        }
        await feed.StopAsync();
    }
}
