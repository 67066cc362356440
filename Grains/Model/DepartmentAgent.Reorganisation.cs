using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// A reorganisation when the province's governance changes (docs/MODEL.md §6.20): over a distance
/// d = |ΔV| + |ΔH| of the dials, each data-sharing link is lost with probability link-loss × d/2, trust
/// (willingness) falls by trust-loss × d/2, and for disruption-ticks × d ticks migration effort is cut
/// by <c>switching.disruption</c>. Moving from authority to collaborative (add H) costs less than to
/// cooperative (remove V and add H) — the article's §4 argument, here a consequence of distance.
/// </summary>
public sealed partial class DepartmentAgent
{
    private int _disruptedUntil = int.MinValue;

    private void Reorganise(double distance, ConstantValues k, ref Rng rng)
    {
        double half = distance / 2;
        double loss = k[Constants.SwitchLinkLoss] * half;
        for (int i = _links.Count - 1; i >= 0; i--)
        {
            if (rng.Chance(loss)) RemoveLink(i);
        }
        _willingness *= 1 - Math.Min(1.0, k[Constants.SwitchTrustLoss] * half);
        _disruptedUntil = _tick + (int)Math.Round(k[Constants.DisruptionTicks] * distance);
    }
}
