namespace OrleansGov.Client.Dashboard;

/// <summary>
/// Admits live event streams: at most <see cref="DashboardLimits.MaxStreams"/> in all and
/// <see cref="DashboardLimits.MaxStreamsPerClient"/> per client address; the caller answers 429 with the
/// refusal otherwise. A lease gives its place back when disposed (the connection ended).
/// </summary>
public sealed class StreamGate(DashboardLimits limits)
{
    private readonly Dictionary<string, int> _perClient = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _total;

    /// <summary>Live streams now.</summary>
    public int Open
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>A place for one more stream from <paramref name="client"/>, or null and why not.</summary>
    public IDisposable? TryEnter(string client, out string? refusal)
    {
        lock (_lock)
        {
            _perClient.TryGetValue(client, out int mine);
            if (_total >= limits.MaxStreams)
            {
                refusal = $"the dashboard already serves {_total} live streams (limit {limits.MaxStreams}); close a run view or try again later";
                return null;
            }
            if (mine >= limits.MaxStreamsPerClient)
            {
                refusal = $"{client} already holds {mine} live streams (limit {limits.MaxStreamsPerClient} per client); close a run view or try again later";
                return null;
            }
            _perClient[client] = mine + 1;
            _total++;
            refusal = null;
            return new Lease(this, client);
        }
    }

    private void Leave(string client)
    {
        lock (_lock)
        {
            _total--;
            if (--_perClient[client] == 0)
            {
                _perClient.Remove(client);
            }
        }
    }

    private sealed class Lease(StreamGate gate, string client) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.Leave(client);
            }
        }
    }
}
