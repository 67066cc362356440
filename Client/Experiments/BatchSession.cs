using OrleansGov.Client.Hosting;
using OrleansGov.Client.Logging;
using OrleansGov.Engine;

namespace OrleansGov.Client.Experiments;

/// <summary>
/// One engine for every set of runs a verb runs — a batch is one set, a calibration one per batch of
/// proposals — started once (an embedded silo, a cluster connection or an ensemble over the cluster;
/// <see cref="BatchEngine"/>) and each set run through <see cref="BatchRunner"/>, so every verb gets the
/// same scheduling: runs in parallel, shared prefixes, the spread over the silos and the retries.
/// </summary>
public sealed class BatchSession : IAsyncDisposable
{
    private readonly BatchEngine _session;
    private readonly CliContext _cli;
    private readonly BatchOptions _options;
    private readonly RunLog _log;
    private readonly IReadOnlyList<string> _commandLine;

    private BatchSession(BatchEngine session, CliContext cli, BatchOptions options, RunLog log, IReadOnlyList<string> commandLine)
    {
        _session = session;
        _cli = cli;
        _options = options;
        _log = log;
        _commandLine = commandLine;
        Engine = cli.WrapEngine?.Invoke(session.Engine) ?? session.Engine;
    }

    /// <summary>The engine the runs go to (a test's replacement, if any).</summary>
    public ISimulationEngine Engine { get; }

    /// <summary>Runs at a time: <c>--parallel</c>, else 1, or on an ensemble every core of every silo.</summary>
    public int Parallel => _options.Parallel ?? _session.DefaultParallel;

    /// <summary>
    /// Starts the engine; on failure writes one line to stderr and returns no session and the exit code
    /// (<see cref="ExitCodes.ClusterUnavailable"/>, or <see cref="ExitCodes.Cancelled"/>).
    /// </summary>
    public static async Task<(BatchSession? Session, int ExitCode)> StartAsync(CliContext cli, BatchOptions options, RunLog log,
        IReadOnlyList<string> commandLine, CancellationToken cancellationToken)
    {
        try
        {
            var engine = await BatchEngine.StartAsync(options.Engine, options.Cluster, log.Logger, cancellationToken);
            return (new BatchSession(engine, cli, options, log, commandLine), ExitCodes.Ok);
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
    }

    /// <summary>
    /// Runs <paramref name="pending"/> (runs of <paramref name="experiment"/> not yet completed in
    /// <paramref name="folder"/>). A cluster lost mid-set is <see cref="ExitCodes.ClusterUnavailable"/>
    /// after one line on stderr (the runs done are kept; <c>--resume</c> does the rest); cancellation is
    /// in the outcome, the caller's to report.
    /// </summary>
    public async Task<(BatchRunOutcome Outcome, int ExitCode)> RunAsync(BatchFolder folder, Experiment experiment, IReadOnlyList<PlannedRun> pending,
        bool quiet, CancellationToken cancellationToken)
    {
        if (!quiet)
        {
            _cli.Line($"{ReportMarkdown.Plural(pending.Count, "run")} to do, {Parallel} at a time, {Engine.Name} engine ({_session.Where})");
        }
        var runner = new BatchRunner(_cli, folder, experiment, Engine, _session.Where, _log, _commandLine) { SharePrefixes = _options.SharePrefixes };
        var ran = await runner.RunAsync(pending, Parallel, quiet, cancellationToken);
        if (ran.ClusterLost is { } lost)
        {
            // Every run of the plan not pending was completed before this invocation.
            int done = experiment.Plan.RunCount - pending.Count + ran.Completed;
            _cli.Error.WriteLine($"error: the cluster is gone ({lost}); {done} of {experiment.Plan.RunCount} runs completed, --resume does the rest");
            return (ran, ExitCodes.ClusterUnavailable);
        }
        return (ran, ExitCodes.Ok);
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
