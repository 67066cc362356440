using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Scenarios;

namespace OrleansGov.Engine;

/// <summary>
/// The recent windows of the metric rows (docs/MODEL.md §8.2, <c>*_recent</c>). A window's count is the
/// difference of two cumulative counts that the rows themselves carry (deals, closed negotiations,
/// directives due and met), so the windows are a function of the rows alone: whoever holds a run's rows
/// (the reference engine's loop, the run coordinator, a fork or a recovery from a checkpoint, which
/// restore the rows) fills them in the same way, and no engine keeps hidden state for them.
/// </summary>
public sealed class MetricsWindow
{
    private readonly int _window, _complianceWindow, _capacity;
    private readonly RecentTallies[][] _rings;
    private int _nextTick;

    public MetricsWindow(World world)
        : this(world.ProvinceCount + 1, world.K.Int(Constants.RecentWindow), world.K.Int(Constants.ComplianceWindow))
    {
    }

    public MetricsWindow(int scopes, int window, int complianceWindow)
    {
        _window = window;
        _complianceWindow = complianceWindow;
        _capacity = Math.Max(window, complianceWindow);
        _rings = new RecentTallies[scopes][];
        for (int i = 0; i < scopes; i++) _rings[i] = new RecentTallies[_capacity];
    }

    /// <summary>
    /// One tick's rows (nation first, then provinces; ticks in order from 0 or from where
    /// <see cref="Replay"/> left off) with their recent-window columns filled: sharing over the last
    /// <c>metrics.window</c> ticks, directives over the last <c>metrics.compliance-window</c>.
    /// </summary>
    public ScopeMetrics[] Apply(ScopeMetrics[] rows)
    {
        int tick = rows[0].Tick;
        if (tick != _nextTick)
        {
            throw new InvalidOperationException($"The recent windows expected tick {_nextTick}, not {tick}.");
        }
        var filled = new ScopeMetrics[rows.Length];
        for (int scope = 0; scope < rows.Length; scope++)
        {
            var ring = _rings[scope];
            var cumulative = RecentTallies.Of(rows[scope]);
            var sharing = cumulative - Ago(ring, tick, _window);
            var directives = cumulative - Ago(ring, tick, _complianceWindow);
            ring[tick % _capacity] = cumulative;
            filled[scope] = MetricsAccumulator.WithRecent(rows[scope], sharing with { DirectivesDue = directives.DirectivesDue, DirectivesMet = directives.DirectivesMet });
        }
        _nextTick = tick + 1;
        return filled;
    }

    /// <summary>Takes in rows a run already has (a fork's or a recovery's prefix), in tick order, so the next tick's windows reach back into them.</summary>
    public void Replay(IEnumerable<ScopeMetrics[]> ticks)
    {
        foreach (var rows in ticks)
        {
            Apply(rows);
        }
    }

    /// <summary>The cumulative counts at the end of tick − <paramref name="back"/>; zero before tick 0.</summary>
    private RecentTallies Ago(RecentTallies[] ring, int tick, int back) =>
        tick - back < 0 ? default : ring[(tick - back) % _capacity];
}
