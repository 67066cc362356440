using OrleansGov.Engine;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Dashboard;

/// <summary>
/// Decides whether a scenario may start (issue 14, items 8 and 12): the dashboard asks before it
/// builds anything, and answers 422 with the reason when refused.
/// </summary>
public interface IRunAdmission
{
    /// <summary>Null when <paramref name="scenario"/> may run; otherwise why not, in one sentence.</summary>
    string? Refuse(Scenario scenario);
}

/// <summary>
/// The CLI's admission check (<see cref="ModelSize.Check"/>: an arithmetic agent count and a memory
/// estimate from measured bytes per agent) applied to runs started from the dashboard, which run on
/// the Orleans engine. Memory is read when each run is asked for, so runs already going count.
/// </summary>
public sealed class ModelSizeAdmission(long? maxAgents = null, long? availableBytes = null) : IRunAdmission
{
    public string? Refuse(Scenario scenario)
    {
        var limits = AdmissionLimits.ThisMachine(maxAgents);
        if (availableBytes is { } fixedBytes)
        {
            limits = limits with { AvailableBytes = fixedBytes };
        }
        return ModelSize.Check(scenario, "orleans", limits).Refusal;
    }
}
