using Orleans.Concurrency;
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

    /// <summary>The run's status, progress and times.</summary>
    [Alias("GetStatus"), AlwaysInterleave]
    Task<RunInfo> GetStatusAsync();

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
