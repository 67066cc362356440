using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// Formalism (形式主义) and target gaming (docs/MODEL.md §6.17): a department that is behind a binding
/// directive when its deadline comes may report systems as migrated that are not ("paper migration"),
/// the more likely the harder the directive binds, the larger the shortfall and the less able it is to
/// do the work for real (Gao 2015; O'Brien &amp; Li 1999; Zhou 2010). Reports, directive compliance and
/// accountability see the reported figure; services, data and <c>cloud_adoption</c> see the real one.
/// Because it now reports itself on target, it is pushed less (§6.3), so paper migration slows real
/// migration. Only an inspection finds paper systems: they are reverted and the department pressed.
/// </summary>
public sealed partial class DepartmentAgent
{
    /// <summary>Systems reported as migrated that are not (never more than those not really migrated).</summary>
    private int _paper;
    /// <summary>Times an inspection found paper systems.</summary>
    private int _caught;

    /// <summary>Closes the directives whose deadline has come, deciding first whether to report paper systems, and counts compliance on the reported figure.</summary>
    private void CloseDueDirectives(in StepContext context, ref Rng rng)
    {
        int tick = context.Tick;
        double pending = 0;
        for (int i = _directives.Count - 1; i >= 0; i--)
        {
            var directive = _directives[i];
            if (tick < directive.Deadline)
            {
                pending = Math.Max(pending, directive.Binding);
                continue;
            }
            if (context.Scenario.Mechanisms.Formalism && ReportedAdoption < directive.Target)
            {
                MaybeReportPaper(directive, context.K, ref rng);
            }
            _directivesDue++;
            if (ReportedAdoption >= directive.Target) _directivesMet++;
            _directives.RemoveAt(i);
        }
        _pendingBinding = pending;
    }

    /// <summary>
    /// With probability propensity × binding × min(1, shortfall / shortfall-scale) × (1 − ability),
    /// where ability = capacity × platform readiness, reports one more system as migrated than it has:
    /// a report is stretched, not invented wholesale, so paper systems accumulate deadline by deadline.
    /// </summary>
    private void MaybeReportPaper(PendingDirective directive, ConstantValues k, ref Rng rng)
    {
        double shortfall = directive.Target - ReportedAdoption;
        double ability = _capacity * _readiness;
        double p = k[Constants.FormalismPropensity] * directive.Binding
                   * Math.Min(1.0, shortfall / k[Constants.ShortfallScale]) * (1 - ability);
        if (!rng.Chance(p) || _migrated + _paper >= _systems) return;
        _paper++;
    }

    /// <summary>An inspection finds paper systems with its detection chance: they are reverted and the department pressed.</summary>
    private void Inspected(Inspection inspection, ConstantValues k, ref Rng rng)
    {
        if (_paper == 0 || inspection.Detection <= 0 || !rng.Chance(inspection.Detection)) return;
        _paper = 0;
        _caught++;
        _pressure = Math.Max(_pressure, k[Constants.CaughtPressure]);
    }
}
