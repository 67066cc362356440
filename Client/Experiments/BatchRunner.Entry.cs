using System.Globalization;
using System.Text;
using OrleansGov.Client.Logging;

namespace OrleansGov.Client.Experiments;

/// <summary>How a verb wants its runs run: the engine options as given on its command line.</summary>
/// <param name="Parallel">Runs at a time; null: 1, or on an ensemble over a cluster every core of every silo.</param>
/// <param name="SharePrefixes">Share the ticks runs have in common (reference engine); see <see cref="SharedPrefixes"/>.</param>
public sealed record BatchOptions(string Engine, string? Cluster, int? Parallel, bool Quiet, bool SharePrefixes = true);

public sealed partial class BatchRunner
{
    /// <summary>The file of an ensemble batch that says where each run (each attempt) executed.</summary>
    public const string PlacementCsv = "placement.csv";

    /// <summary>
    /// The entry point of every verb that runs one set of runs (batch, claims, sensitivity): starts the
    /// engine <paramref name="options"/> name (<see cref="BatchSession"/>), runs <paramref name="pending"/>
    /// and stops the engine. Returns the outcome and <see cref="ExitCodes.Ok"/>, or no outcome and the exit
    /// code after one line on stderr when the engine could not start; a cluster lost mid-batch is
    /// <see cref="ExitCodes.ClusterUnavailable"/> (the runs done are kept; <c>--resume</c> does the rest).
    /// Cancellation is the caller's to report.
    /// </summary>
    public static async Task<(BatchRunOutcome? Outcome, int ExitCode)> RunPendingAsync(CliContext cli, BatchOptions options, BatchFolder folder,
        Experiment experiment, IReadOnlyList<PlannedRun> pending, RunLog log, IReadOnlyList<string> commandLine, CancellationToken cancellationToken)
    {
        var (session, code) = await BatchSession.StartAsync(cli, options, log, commandLine, cancellationToken);
        if (session is null)
        {
            return (null, code);
        }
        await using (session)
        {
            return await session.RunAsync(folder, experiment, pending, options.Quiet, cancellationToken);
        }
    }

    /// <summary>Appends where each attempt ran to <see cref="PlacementCsv"/> and logs the runs per silo (ensembles only).</summary>
    private void WritePlacements(bool quiet)
    {
        // An engine serves every set of runs of its session (a calibration's generations): only this runner's attempts go here.
        var placements = engine is EnsembleEngine ensemble ? ensemble.Placements.Where(p => p.Run.EndsWith("-" + _attempt, StringComparison.Ordinal)).ToList() : [];
        if (placements.Count == 0)
        {
            return;
        }
        string path = folder.File(PlacementCsv);
        var text = new StringBuilder();
        if (!File.Exists(path))
        {
            text.Append("run,attempt,silo,seconds,outcome\n");
        }
        foreach (var p in placements)
        {
            text.Append(CultureInfo.InvariantCulture, $"{p.Run},{p.Attempt},{p.Silo},{p.Seconds:0.000},{p.Outcome}\n");
        }
        File.AppendAllText(path, text.ToString());
        string perSilo = string.Join(", ", placements.Where(p => p.Outcome == "completed").GroupBy(p => p.Silo).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}"));
        int lost = placements.Count(p => p.Outcome == "lost");
        log.Logger.Information("Runs per silo: {PerSilo}; {Lost} attempts lost with their silo", perSilo, lost);
        if (!quiet)
        {
            cli.Line($"runs per silo: {perSilo}{(lost > 0 ? $"; {lost} lost with their silo and run again elsewhere" : "")} ({PlacementCsv})");
        }
    }
}
