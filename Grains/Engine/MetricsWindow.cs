using OrleansGov.Metrics;

namespace OrleansGov.Engine;

/// <summary>
/// The recent windows of the metric rows (docs/MODEL.md §8.2, <c>*_recent</c>): for every scope, the
/// cumulative counts of the last ticks, so a window's count is a difference of two integers and the
/// same in every engine. Both engines keep one per run next to where they build the rows.
/// </summary>
public sealed class MetricsWindow
{
    private readonly int _window, _complianceWindow, _capacity;
    private readonly RecentTallies[][] _rings;

    public MetricsWindow(int scopes, int window, int complianceWindow)
    {
        _window = window;
        _complianceWindow = complianceWindow;
        _capacity = Math.Max(window, complianceWindow);
        _rings = new RecentTallies[scopes][];
        for (int i = 0; i < scopes; i++) _rings[i] = new RecentTallies[_capacity];
    }

    /// <summary>
    /// Records scope <paramref name="scope"/>'s cumulative counts at <paramref name="tick"/> (ticks in
    /// order from 0) and returns what happened in the windows ending with it: sharing over the last
    /// <c>metrics.window</c> ticks, directives over the last <c>metrics.compliance-window</c>.
    /// </summary>
    public RecentTallies Record(int scope, int tick, RecentTallies cumulative)
    {
        var ring = _rings[scope];
        var sharing = cumulative - Ago(ring, tick, _window);
        var directives = cumulative - Ago(ring, tick, _complianceWindow);
        ring[tick % _capacity] = cumulative;
        return sharing with { DirectivesDue = directives.DirectivesDue, DirectivesMet = directives.DirectivesMet };
    }

    /// <summary>The cumulative counts at the end of tick − <paramref name="back"/>; zero before tick 0.</summary>
    private RecentTallies Ago(RecentTallies[] ring, int tick, int back) =>
        tick - back < 0 ? default : ring[(tick - back) % _capacity];
}
