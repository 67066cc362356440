using OrleansGov.Engine;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Commands;

/// <summary>The admission check (<see cref="ModelSize.Check"/>) as the verbs that run simulations apply it, before anything starts.</summary>
internal static class SizeCheck
{
    public const string MaxAgentsDescription =
        "Refuse a scenario with more agents than this (default 10,000,000). A run is also refused when its memory estimate (docs/PERFORMANCE.md) exceeds what this machine has available.";

    /// <summary>
    /// Checks the largest of <paramref name="scenarios"/>, <paramref name="parallel"/> runs at once; on
    /// refusal writes the reason and returns false. On a remote cluster only the agent cap applies
    /// (its memory is not this machine's).
    /// </summary>
    public static bool Admit(CliContext cli, IEnumerable<Scenario> scenarios, string engine, string? cluster, long? maxAgents, int parallel = 1)
    {
        var largest = scenarios.MaxBy(ModelSize.Agents);
        if (largest is null)
        {
            return true;
        }
        var limits = cluster is null ? AdmissionLimits.ThisMachine(maxAgents) : new AdmissionLimits(maxAgents ?? AdmissionLimits.DefaultMaxAgents, null);
        var admission = ModelSize.Check(largest, engine, limits, parallel);
        if (admission.Admitted)
        {
            return true;
        }
        cli.Error.WriteLine("error: " + admission.Refusal);
        return false;
    }
}
