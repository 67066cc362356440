using OrleansGov.Client.Hosting;
using Spectre.Console;

namespace OrleansGov.Client.Commands;

/// <summary>The checks of <c>--engine</c> and <c>--cluster</c>, shared by every verb that runs simulations.</summary>
public static class EngineOptions
{
    /// <summary>An error for a bad engine or cluster option, or null when both are fine.</summary>
    /// <param name="ensemble">The verb runs sets of runs: <c>--engine reference --cluster</c> spreads them over the cluster's silos.</param>
    public static ValidationResult? Check(string engine, string? cluster, bool ensemble = false)
    {
        if (engine is not ("orleans" or "reference"))
        {
            return ValidationResult.Error($"--engine must be 'orleans' or 'reference', not '{engine}'");
        }
        if (cluster is null)
        {
            return null;
        }
        if (engine != "orleans" && !ensemble)
        {
            return ValidationResult.Error("--cluster needs --engine orleans");
        }
        return ClusterAddress.TryParse(cluster, out _, out string? problem)
            ? null
            : ValidationResult.Error($"--cluster {cluster}: {problem}");
    }
}
