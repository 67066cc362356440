using Orleans.Runtime;
using OrleansGov.Client.Hosting;

namespace OrleansGov.Client.Experiments;

/// <summary>
/// The cluster's live silos and this client's runs in flight on each: <see cref="AcquireAsync"/> picks
/// the silo with the fewest (ties in turn), so an ensemble's runs spread evenly and a silo that finishes
/// early gets the next run. A silo a run just lost is avoided by every run for <see cref="SuspectFor"/>
/// (membership may take seconds to declare it dead). When no silo answers (or none starts a run) for
/// <see cref="NoSiloLimit"/> the cluster is gone: <see cref="ClusterUnavailableException"/>.
/// </summary>
public class EnsembleSilos(IClusterClient client)
{
    /// <summary>The pause before asking again after no silo could take a run (or a silo refused one).</summary>
    public static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private readonly Dictionary<SiloAddress, int> _inFlight = new();
    private readonly Dictionary<SiloAddress, DateTime> _suspects = new();
    private SiloAddress[] _live = [];
    private DateTime _refreshed = DateTime.MinValue;
    private int _turn;

    public TimeSpan SuspectFor { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan NoSiloLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many silos were live at the last membership query (no call: it cannot fail).</summary>
    public int LastKnownCount
    {
        get
        {
            lock (_gate)
            {
                return _live.Length;
            }
        }
    }

    /// <summary>The live silos, sorted (refreshed from the cluster's membership every couple of seconds).</summary>
    public async Task<SiloAddress[]> LiveAsync(bool refresh, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!refresh && DateTime.UtcNow - _refreshed < RefreshAfter && _live.Length > 0)
            {
                return _live;
            }
        }
        var live = await ActiveSilosAsync(cancellationToken);
        lock (_gate)
        {
            (_live, _refreshed) = (live, DateTime.UtcNow);
            return live;
        }
    }

    /// <summary>The silos the cluster's membership lists as active, sorted (tests list silos already dead: membership lags).</summary>
    protected virtual async Task<SiloAddress[]> ActiveSilosAsync(CancellationToken cancellationToken)
    {
        var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return hosts.Where(h => h.Value == SiloStatus.Active).Select(h => h.Key).Order().ToArray();
    }

    /// <summary>The end of an ensemble batch: no silo of the cluster takes runs (<paramref name="why"/>).</summary>
    public ClusterUnavailableException Gone(string? why) =>
        new($"no silo of the cluster can take a run for {NoSiloLimit.TotalSeconds:0} s: {why}");

    /// <summary>Reserves a slot on the least loaded live silo not in <paramref name="avoid"/> (nor suspected), if any.</summary>
    public async Task<SiloAddress> AcquireAsync(IReadOnlySet<SiloAddress> avoid, CancellationToken cancellationToken)
    {
        var since = DateTime.UtcNow;
        string? why = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var live = await LiveAsync(refresh: why is not null, cancellationToken);
                lock (_gate)
                {
                    var now = DateTime.UtcNow;
                    var usable = live.Where(s => !(_suspects.TryGetValue(s, out var until) && until > now)).ToArray();
                    var preferred = usable.Where(s => !avoid.Contains(s)).ToArray();
                    // Suspicion only steers: a silo still listed as active is tried before the batch gives up.
                    var candidates = preferred.Length > 0 ? preferred : usable.Length > 0 ? usable : live;
                    if (candidates.Length > 0)
                    {
                        int turn = _turn++;
                        var pick = candidates
                            .Select((s, i) => (Silo: s, Load: _inFlight.GetValueOrDefault(s), Order: (i - turn % candidates.Length + candidates.Length) % candidates.Length))
                            .OrderBy(c => c.Load).ThenBy(c => c.Order).First().Silo;
                        _inFlight[pick] = _inFlight.GetValueOrDefault(pick) + 1;
                        return pick;
                    }
                    why = "the cluster reports no active silo";
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                why = ex.Message;
            }
            if (DateTime.UtcNow - since > NoSiloLimit)
            {
                throw Gone(why);
            }
            await Task.Delay(RetryPause, cancellationToken);
        }
    }

    public void Release(SiloAddress silo)
    {
        lock (_gate)
        {
            _inFlight[silo] = _inFlight.GetValueOrDefault(silo) - 1;
        }
    }

    /// <summary>A run on <paramref name="silo"/> was lost: send no new run there for a while.</summary>
    public void Suspect(SiloAddress silo)
    {
        lock (_gate)
        {
            _suspects[silo] = DateTime.UtcNow + SuspectFor;
            _refreshed = DateTime.MinValue;
        }
    }
}
