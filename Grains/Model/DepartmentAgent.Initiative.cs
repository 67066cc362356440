using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// Intrinsic initiative and its crowding out (docs/MODEL.md §6.18; Frey &amp; Jegen 2001 on motivation
/// crowding): each department starts with its own initiative — heterogeneous, near 0 for some — which
/// is its effort with no push at all. Sustained external pressure (the binding of its directives,
/// inspection and sanction pressure) erodes it; without pressure it recovers slowly toward where it
/// started. So once a chief's attention moves on, a department that was pushed hard can end up doing
/// less than one that was never pushed.
/// </summary>
public sealed partial class DepartmentAgent
{
    private double _initiative;
    private readonly double _initiativeBase;

    /// <summary>Uniform on [max(0, 2m − 1), min(1, 2m)] for the mean m: mean m, as wide as [0, 1] allows.</summary>
    private static double DrawInitiative(ConstantValues k, ref Rng rng)
    {
        double mean = k[Constants.InitiativeMean];
        return rng.Uniform(Math.Max(0, 2 * mean - 1), Math.Min(1, 2 * mean));
    }

    /// <summary>Erodes under the pressure x = max(pending binding, pressure), recovers with (1 − x).</summary>
    private void UpdateInitiative(in StepContext context)
    {
        if (!context.Scenario.Mechanisms.CrowdingOut) return;
        var k = context.K;
        double x = Math.Min(1.0, Math.Max(_pendingBinding, _pressure));
        _initiative -= k[Constants.InitiativeErosion] * x * _initiative;
        _initiative += k[Constants.InitiativeRecovery] * (1 - x) * (_initiativeBase - _initiative);
    }
}
