using OrleansGov.Engine;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Results;

/// <summary>How a run ended, as written to its folder.</summary>
/// <remarks><see cref="ManifestWritten"/> is false when not even the final manifest could be written (the folder then has none).</remarks>
public sealed record RunEnd(RunStatus Status, string? Error, int TicksDone)
{
    public bool ManifestWritten { get; init; } = true;
}

/// <summary>
/// The completeness rule for closing a results folder (<see cref="RunWriter.Finish"/>): a folder only
/// says "completed" when every tick of every scope is in it.
/// </summary>
public static class RunEnding
{
    /// <summary>A "completed" outcome must hold every tick of every scope, or it is not complete.</summary>
    public static (RunStatus Status, string? Error) Check(RunOutcome outcome, Scenario scenario)
    {
        if (outcome.Status != RunStatus.Completed)
        {
            var status = outcome.Status is RunStatus.Cancelled ? RunStatus.Cancelled : RunStatus.Failed;
            return (status, outcome.Error ?? (status == RunStatus.Cancelled ? "Cancelled." : "The run ended with status " + outcome.Status + "."));
        }
        int expected = scenario.Ticks * (scenario.Provinces.Length + 1);
        if (outcome.Metrics.Count != expected)
        {
            return (RunStatus.Failed, $"The engine reported completion with {outcome.Metrics.Count} metric rows; expected {expected} (ticks × (provinces + 1)).");
        }
        return (RunStatus.Completed, null);
    }

    /// <summary>The manifest's spelling of a status.</summary>
    public static string StatusName(RunStatus status) => status.ToString().ToLowerInvariant();
}
