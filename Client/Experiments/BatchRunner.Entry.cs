using System.Globalization;
using System.Text;
using OrleansGov.Client.Hosting;
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
    /// The entry point of every verb that runs a set of runs (batch, claims, and later ones): starts the
    /// engine <paramref name="options"/> name — an ensemble over the cluster for <c>--engine reference
    /// --cluster X</c> — runs <paramref name="pending"/> and stops the engine. Returns the outcome and
    /// <see cref="ExitCodes.Ok"/>, or no outcome and the exit code after one line on stderr when the
    /// engine could not start; a cluster lost mid-batch is <see cref="ExitCodes.ClusterUnavailable"/>
    /// (the runs done are kept; <c>--resume</c> does the rest). Cancellation is the caller's to report.
    /// </summary>
    public static async Task<(BatchRunOutcome? Outcome, int ExitCode)> RunPendingAsync(CliContext cli, BatchOptions options, BatchFolder folder,
        Experiment experiment, IReadOnlyList<PlannedRun> pending, RunLog log, IReadOnlyList<string> commandLine, CancellationToken cancellationToken)
    {
        BatchEngine session;
        try
        {
            session = await BatchEngine.StartAsync(options.Engine, options.Cluster, log.Logger, cancellationToken);
        }
        catch (ClusterUnavailableException ex)
        {
            cli.Error.WriteLine("error: " + ex.Message);
            return (null, ExitCodes.ClusterUnavailable);
        }
        catch (OperationCanceledException)
        {
            cli.Error.WriteLine("cancelled before any run started");
            return (null, ExitCodes.Cancelled);
        }
        BatchRunOutcome ran;
        await using (session)
        {
            var engine = cli.WrapEngine?.Invoke(session.Engine) ?? session.Engine;
            int parallel = options.Parallel ?? session.DefaultParallel;
            if (!options.Quiet)
            {
                cli.Line($"{ReportMarkdown.Plural(pending.Count, "run")} to do, {parallel} at a time, {engine.Name} engine ({session.Where})");
            }
            var runner = new BatchRunner(cli, folder, experiment, engine, session.Where, log, commandLine) { SharePrefixes = options.SharePrefixes };
            ran = await runner.RunAsync(pending, parallel, options.Quiet, cancellationToken);
        }
        if (ran.ClusterLost is { } lost)
        {
            int done = experiment.Plan.Runs().Count(folder.IsCompleted);
            cli.Error.WriteLine($"error: the cluster is gone ({lost}); {done} of {experiment.Plan.RunCount} runs completed, --resume does the rest");
            return (ran, ExitCodes.ClusterUnavailable);
        }
        return (ran, ExitCodes.Ok);
    }

    /// <summary>Appends where each attempt ran to <see cref="PlacementCsv"/> and logs the runs per silo (ensembles only).</summary>
    private void WritePlacements(bool quiet)
    {
        if (engine is not EnsembleEngine ensemble || ensemble.Placements.Count == 0)
        {
            return;
        }
        string path = folder.File(PlacementCsv);
        var text = new StringBuilder();
        if (!File.Exists(path))
        {
            text.Append("run,attempt,silo,seconds,outcome\n");
        }
        foreach (var p in ensemble.Placements)
        {
            text.Append(CultureInfo.InvariantCulture, $"{p.Run},{p.Attempt},{p.Silo},{p.Seconds:0.000},{p.Outcome}\n");
        }
        File.AppendAllText(path, text.ToString());
        string perSilo = string.Join(", ", ensemble.Placements.Where(p => p.Outcome == "completed").GroupBy(p => p.Silo).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}"));
        int lost = ensemble.Placements.Count(p => p.Outcome == "lost");
        log.Logger.Information("Runs per silo: {PerSilo}; {Lost} attempts lost with their silo", perSilo, lost);
        if (!quiet)
        {
            cli.Line($"runs per silo: {perSilo}{(lost > 0 ? $"; {lost} lost with their silo and run again elsewhere" : "")} ({PlacementCsv})");
        }
    }
}
