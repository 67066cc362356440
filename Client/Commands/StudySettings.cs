using System.ComponentModel;
using OrleansGov.Client.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>
/// The options of every verb that runs a set of runs — <c>batch</c>, <c>claims</c> (and <c>claims
/// --posterior</c>), <c>sensitivity</c>, <c>patterns</c>, <c>calibrate</c> — declared once, with one
/// default, one check and one message each, so an option means the same on every verb (docs/CLUSTER.md §5).
/// Every such verb runs its runs through the batch runner (<see cref="BatchRunner"/>), so these options
/// do the same everywhere: <c>--cluster</c> with the reference engine spreads the runs over the silos.
/// </summary>
public abstract class StudySettings : CommandSettings
{
    /// <summary>
    /// The reference engine: a study is hundreds to thousands of small runs, where the in-process loop is
    /// about 20× faster per run than agents as grains (docs/PERFORMANCE.md) with byte-identical results, and
    /// where a cluster helps by taking whole runs (an ensemble), not by spreading one run's agents.
    /// </summary>
    public const string DefaultEngine = "reference";

    [CommandOption("--out <DIR>")]
    [Description("The results folder. Default results/<the file's name>.")]
    public string? Out { get; init; }

    [CommandOption("--parallel <N>")]
    [Description("Runs at a time (≥ 1), all through the same engine. Default 1 on this machine (raise it to the cores you can spare); with --cluster and the reference engine, every core of every silo.")]
    public int? Parallel { get; init; }

    [CommandOption("--resume")]
    [Description("Continue an interrupted invocation in --out: runs whose folder says completed are kept, the rest are run; the results are byte-identical to an uninterrupted one.")]
    public bool Resume { get; init; }

    [CommandOption("--engine <ENGINE>")]
    [Description("reference (default: the plain in-process loop, about 20× faster per run; studies are many small runs) or orleans (agents as grains: an embedded silo, or the --cluster). Both give byte-identical results.")]
    [DefaultValue(DefaultEngine)]
    public string Engine { get; init; } = DefaultEngine;

    [CommandOption("--cluster <HOST:PORT>")]
    [Description("Use an external cluster (a gateway HOST:PORT, a list HOST:PORT,HOST:PORT, or redis://HOST:PORT) instead of this process. With the reference engine the runs spread over its silos by load, each whole on one, retried on another if its silo is lost; with orleans each run's agents are grains on the cluster (docs/CLUSTER.md).")]
    public string? Cluster { get; init; }

    [CommandOption("--no-shared-prefix")]
    [Description("Run every run whole, even runs that are the same run up to a tick (by default, with the reference engine, such runs share that prefix; results are identical either way).")]
    public bool NoSharedPrefix { get; init; }

    [CommandOption("--max-agents <N>")]
    [Description(SizeCheck.MaxAgentsDescription)]
    public long? MaxAgents { get; init; }

    [CommandOption("-q|--quiet")]
    [Description("No progress display; print only the design, the results folder and the outcome.")]
    public bool Quiet { get; init; }

    /// <summary>How the batch runner is to run this verb's runs.</summary>
    public BatchOptions ToBatchOptions() => new(Engine, Cluster, Parallel, Quiet, !NoSharedPrefix);

    /// <summary>The verb's own checks (its input file, its own options) first, then the shared ones: one message, the first problem.</summary>
    public sealed override ValidationResult Validate() => CheckOwn() ?? CheckShared() ?? ValidationResult.Success();

    /// <summary>The checks of the verb's own argument and options; null when they are fine.</summary>
    protected abstract ValidationResult? CheckOwn();

    private ValidationResult? CheckShared()
    {
        if (Parallel is < 1)
        {
            return ValidationResult.Error($"--parallel must be at least 1, not {Parallel}");
        }
        if (MaxAgents is < 1)
        {
            return ValidationResult.Error($"--max-agents must be at least 1, not {MaxAgents}");
        }
        if (EngineOptions.Check(Engine, Cluster, ensemble: true) is { } engineProblem)
        {
            return engineProblem;
        }
        return Out is not null && string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out must name a folder") : null;
    }
}
