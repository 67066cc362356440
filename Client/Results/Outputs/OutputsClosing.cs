using OrleansGov.Engine;
using OrleansGov.Runs;

namespace OrleansGov.Client.Results.Outputs;

/// <summary>How a command that records a run (<c>run</c>, <c>batch</c>) closes its declared outputs before the folder.</summary>
public static class OutputsClosing
{
    /// <summary>
    /// Writes the outputs' index and adds it to <paramref name="files"/>; returns <paramref name="outcome"/>,
    /// made failed with the reason when the outputs are incomplete or could not be written.
    /// </summary>
    public static RunOutcome Close(OutputWriter? outputs, RunOutcome outcome, List<string> files)
    {
        if (outputs is null)
        {
            return outcome;
        }
        var (index, problem) = outputs.Close(outcome.Metrics.Count == 0 ? 0 : outcome.Metrics.Max(r => r.Tick) + 1);
        files.Add(index);
        return problem is not null && outcome.Status != RunStatus.Failed ? outcome with { Status = RunStatus.Failed, Error = problem } : outcome;
    }
}
