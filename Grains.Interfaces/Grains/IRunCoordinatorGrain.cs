using Orleans.Concurrency;
using OrleansGov.Checkpoints;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Grains;

/// <summary>
/// Owns one run (key = run id): its tick loop, barrier, status and stored metrics. Each tick's rows are
/// also published on the stream <c>StreamId.Create("og.metrics", runId)</c> of provider <see cref="GrainKeys.MetricsProvider"/>.
/// </summary>
[Alias("og.IRunCoordinatorGrain")]
public interface IRunCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Starts the run in the background and returns. A run starts once: a second call throws.</summary>
    [Alias("Start")]
    Task StartAsync(Scenario scenario);

    /// <summary>
    /// Starts the run as <paramref name="start"/> says: checkpoints every K ticks into the cluster's
    /// checkpoint store, and/or from a checkpoint whose parts were imported first with
    /// <see cref="ImportCheckpointPartAsync"/> (a fork). Throws when the checkpoint does not fit the scenario.
    /// </summary>
    [Alias("StartWith")]
    Task StartAsync(RunStart start);

    /// <summary>Checkpoints, recoveries and the current generation of the run.</summary>
    [Alias("GetDetails"), AlwaysInterleave]
    Task<RunDetails> GetDetailsAsync();

    /// <summary>The commit record of the run's checkpoint at <paramref name="tick"/>, or null (for export).</summary>
    [Alias("ReadCheckpointMeta"), AlwaysInterleave]
    Task<CheckpointMeta?> ReadCheckpointMetaAsync(int tick);

    /// <summary>One stored part of the run's checkpoint at <paramref name="tick"/> (for export).</summary>
    [Alias("ReadCheckpointPart"), AlwaysInterleave, ResponseTimeout("00:05:00")]
    Task<byte[]?> ReadCheckpointPartAsync(int tick, string part);

    /// <summary>Stores one part of a checkpoint the run will start from (before <see cref="StartAsync(RunStart)"/>).</summary>
    [Alias("ImportCheckpointPart"), ResponseTimeout("00:05:00")]
    Task ImportCheckpointPartAsync(int tick, string part, byte[] data);

    /// <summary>Deletes the run's checkpoints and record from the store (after export, or when the run's folder is written).</summary>
    [Alias("Forget")]
    Task ForgetAsync();

    /// <summary>
    /// A silo is stopping gracefully: checkpoint at the next barrier and return, then continue without it
    /// (restored from that checkpoint once it has left). Returns at once when the run is not running.
    /// </summary>
    [Alias("Drain"), AlwaysInterleave, ResponseTimeout("00:02:00")]
    Task DrainAsync(SiloAddress silo);

    /// <summary>
    /// Reserves this run id for <paramref name="claimant"/> (one CLI invocation) before it writes
    /// anything: true when the id is free on the cluster (never started, and unclaimed or already this
    /// claimant's), false when another run or client has it. Grain turns make it atomic, so clients
    /// picking the same default id at the same second each end up with their own.
    /// </summary>
    [Alias("Claim")]
    Task<bool> ClaimAsync(string claimant);

    /// <summary>The run's status, progress and times.</summary>
    [Alias("GetStatus"), AlwaysInterleave]
    Task<RunInfo> GetStatusAsync();

    /// <summary>
    /// The run's status as soon as it has ended, or after <paramref name="within"/> if it has not (keep it
    /// well under the response timeout), or soon after the cluster's membership changes (when Orleans may
    /// replace this activation, whose deactivation waits for this call); at once for a run not started.
    /// A client waits for a run's end with this instead of polling, so it learns the end when it happens.
    /// </summary>
    [Alias("WaitForEnd"), AlwaysInterleave]
    Task<RunInfo> WaitForEndAsync(TimeSpan within);

    /// <summary>
    /// Stops the run before its next tick (the tick in flight completes); status becomes Paused once it
    /// holds. Before <see cref="StartAsync"/>, makes the run start paused (held before tick 0).
    /// </summary>
    [Alias("Pause")]
    Task PauseAsync();

    /// <summary>Continues a paused run.</summary>
    [Alias("Resume")]
    Task ResumeAsync();

    /// <summary>Stops the run before its next tick; status becomes Cancelled (never Completed) once it stops.</summary>
    [Alias("Cancel")]
    Task CancelAsync();

    /// <summary>Stored rows of every completed tick from <paramref name="fromTick"/> on, in tick order (nation first, then provinces).</summary>
    [Alias("GetMetrics"), ReadOnly]
    Task<ScopeMetrics[]> GetMetricsAsync(int fromTick);

    /// <summary>
    /// Stored rows of at most <paramref name="maxTicks"/> completed ticks from <paramref name="fromTick"/> on:
    /// one page of history, so a reader of a long run never asks for every tick at once.
    /// </summary>
    [Alias("GetMetricsPage"), ReadOnly]
    Task<ScopeMetrics[]> GetMetricsPageAsync(int fromTick, int maxTicks);

    /// <summary>
    /// Applies <paramref name="intervention"/> live: it is appended to the run's timeline at the next tick
    /// not yet begun (its own <c>Tick</c> is ignored), exactly as if the scenario file had listed it last,
    /// so <see cref="GetScenarioAsync"/> and a replay from the recorded scenario give the same run.
    /// Throws when the run has not started, is finished, or has no tick left.
    /// </summary>
    /// <returns>The intervention as recorded, with its tick.</returns>
    [Alias("Intervene")]
    Task<Intervention> InterveneAsync(Intervention intervention);

    /// <summary>The run's scenario, or null before start. Agent grains fetch it (once per silo) to build their World.</summary>
    [Alias("GetScenario"), AlwaysInterleave]
    Task<Scenario?> GetScenarioAsync();

    /// <summary>
    /// The declared outputs of the ticks from <paramref name="fromTick"/> on that the run has made and
    /// kept (a run started with <c>CollectOutputs</c>), in tick order; waits up to <paramref name="wait"/>
    /// for one when none is there. Asking from tick T acknowledges every earlier tick: the coordinator
    /// lets those go, and holds its tick loop while it keeps too many untaken (bounded memory).
    /// </summary>
    [Alias("TakeOutputs"), AlwaysInterleave, ResponseTimeout("00:02:00")]
    Task<OrleansGov.Outputs.TickOutputs[]> TakeOutputsAsync(int fromTick, TimeSpan wait);

    /// <summary>Wall-clock seconds each completed tick took at the coordinator (step of the whole tree and stream publish), for <c>orleansgov bench</c>.</summary>
    [Alias("GetTickSeconds"), AlwaysInterleave]
    Task<double[]> GetTickSecondsAsync();
}

/// <summary>A run's status as seen from outside.</summary>
/// <param name="TicksDone">Ticks completed (and stored) so far.</param>
/// <param name="Error">Why the run failed or was cancelled; null otherwise.</param>
[GenerateSerializer, Immutable, Alias("og.run-info")]
public sealed record RunInfo(
    string RunId,
    RunStatus Status,
    int TicksDone,
    int TotalTicks,
    string? Error,
    DateTime? StartedUtc,
    DateTime? EndedUtc)
{
    /// <summary>Completed, Failed or Cancelled: the run will not change any more.</summary>
    public bool IsFinished => Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;
}

/// <summary>A run's checkpoints and recoveries so far.</summary>
/// <param name="Checkpoints">Complete checkpoints taken by this run (tick, bytes, seconds to take).</param>
/// <param name="Recoveries">Each recovery from a lost or stopped silo, in order.</param>
/// <param name="Generation">How many times the run's tick loop has (re)started.</param>
/// <param name="Store">Where its checkpoints are ("memory", "redis HOST:PORT").</param>
[GenerateSerializer, Immutable, Alias("og.run-details")]
public sealed record RunDetails(CheckpointInfo[] Checkpoints, RecoveryRecord[] Recoveries, long Generation, string Store, int[] StoredTicks);

/// <summary>One checkpoint a run took: at the barrier before <paramref name="Tick"/>, its size and how long it took (capture, write, commit).</summary>
[GenerateSerializer, Immutable, Alias("og.checkpoint-info")]
public sealed record CheckpointInfo(int Tick, long Bytes, double Seconds);
