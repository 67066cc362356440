using OrleansGov.Checkpoints;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Engine;

/// <summary>
/// Runs a scenario to the end (or until cancelled) and returns its per-tick metrics. The reference
/// engine and the Orleans engine implement this with the very same agent rules.
/// </summary>
public interface ISimulationEngine
{
    /// <summary><c>reference</c> or <c>orleans</c>, as recorded in a run's manifest.</summary>
    string Name { get; }

    /// <summary>
    /// Runs <paramref name="scenario"/>. Reports each completed tick to <paramref name="progress"/>.
    /// Cancellation stops the run between ticks and returns status <see cref="RunStatus.Cancelled"/>
    /// with the ticks done so far; a failure inside the run returns <see cref="RunStatus.Failed"/>.
    /// </summary>
    Task<RunOutcome> RunAsync(string runId, Scenario scenario, IProgress<TickMetrics>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="scenario"/> as <paramref name="plan"/> says: checkpoints every K ticks, and/or
    /// from a checkpoint (the checkpoint's rows are reported first). Engines without checkpoints accept
    /// only the default plan.
    /// </summary>
    Task<RunOutcome> RunAsync(string runId, Scenario scenario, RunPlan plan, IProgress<TickMetrics>? progress, CancellationToken cancellationToken) =>
        plan.IsDefault
            ? RunAsync(runId, scenario, progress, cancellationToken)
            : throw new NotSupportedException($"The {Name} engine cannot take or start from checkpoints.");
}

/// <summary>
/// An engine whose run ids are shared by several clients (a cluster): an id must be reserved before a
/// client writes anything under it.
/// </summary>
public interface IRunIdClaims
{
    /// <summary>True when <paramref name="runId"/> is free and now reserved for <paramref name="claimant"/>; false when taken.</summary>
    Task<bool> TryClaimRunIdAsync(string runId, string claimant);
}

/// <summary>How a run ended and what it produced.</summary>
/// <param name="Metrics">Rows in tick order; within a tick the nation first, then provinces in scenario order.</param>
/// <param name="SiloCount">Silos in the cluster that ran it (0 for the reference engine).</param>
public sealed record RunOutcome(RunStatus Status, IReadOnlyList<ScopeMetrics> Metrics, int SiloCount, string? Error)
{
    /// <summary>Recoveries from lost silos, in order (Orleans engine); empty when none was needed.</summary>
    public IReadOnlyList<RecoveryRecord> Recoveries { get; init; } = [];

    /// <summary>The checkpoints taken (tick, bytes, seconds), in order; exported too if asked.</summary>
    public IReadOnlyList<Grains.CheckpointInfo> Checkpoints { get; init; } = [];
}
