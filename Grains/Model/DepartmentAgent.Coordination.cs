using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// What horizontal work costs (docs/MODEL.md §6.19). Coordination overhead: negotiation rounds handled
/// (as requester or provider, smoothed over ticks), the upkeep of each active link — growing faster
/// than the number of partners — and managing an active contract take capacity away from migration.
/// Free-riding: giving data costs the provider and benefits the requester; each partner it provides to
/// without receiving anything back erodes its willingness, which is pulled back toward its own norm
/// (its willingness at the start) and restored by sanctions. With low norms, sharing can unravel.
/// </summary>
public sealed partial class DepartmentAgent
{
    private double _willingness;
    private readonly double _willingnessNorm;
    /// <summary>Negotiation messages handled this tick, and their smoothed load.</summary>
    private int _roundsThisTick;
    private double _load;
    /// <summary>The upkeep of its current links (refreshed with the services).</summary>
    private double _upkeep;
    /// <summary>Links on which it provides data and receives none, kept up to date as links change (no list scan per tick).</summary>
    private int _unreciprocated;

    /// <summary>Share of capacity coordination takes this tick (0 with the coordination-cost mechanism off).</summary>
    private double Overhead(in StepContext context)
    {
        if (!context.Scenario.Mechanisms.CoordinationCost) return 0;
        var k = context.K;
        return k[Constants.CostPerRound] * _load + _upkeep + (ContractActiveQuality > 0 ? k[Constants.ContractManagement] : 0);
    }

    private void UpdateLoad(ConstantValues k)
    {
        double smoothing = k[Constants.LoadSmoothing];
        _load += smoothing * (_roundsThisTick - _load);
    }

    /// <summary>Unreciprocated provision erodes willingness; the norm pulls it back (both off with free-riding off).</summary>
    private void UpdateWillingness(in StepContext context)
    {
        if (!context.Scenario.Mechanisms.FreeRiding) return;
        var k = context.K;
        _willingness -= Math.Min(1.0, k[Constants.FreeRidingErosion] * _unreciprocated) * _willingness;
        _willingness += k[Constants.NormPull] * (_willingnessNorm - _willingness);
    }
}
