using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Grains;

/// <summary>
/// One run of an ensemble (a batch, claims, …) executed whole by the in-process reference engine inside
/// this grain, on the silo it was placed on (key: the batch's run id and attempt). The run goes on in the
/// background; the client polls its rows. Placement follows the caller's placement hint (the least
/// loaded silo, chosen by the client's dispatcher) or, without one, the silos' resource load.
/// </summary>
[Alias("og.IEnsembleRunGrain")]
public interface IEnsembleRunGrain : IGrainWithStringKey
{
    /// <summary>Starts the run in the background and returns where it runs. A grain runs once: a second start throws.</summary>
    [Alias("Start")]
    Task<EnsembleHost> StartAsync(EnsembleRunRequest request);

    /// <summary>The silo this grain is on and its cores (a probe; starts nothing).</summary>
    [Alias("Host")]
    Task<EnsembleHost> HostAsync();

    /// <summary>
    /// The status and the rows of every tick from <paramref name="fromTick"/> on done so far. A grain that
    /// was never started (its silo was lost and this is a fresh activation elsewhere), or whose run stopped
    /// because nobody polled it for a lease, answers <see cref="RunStatus.Created"/>: the attempt is lost.
    /// Every poll renews the run's lease.
    /// </summary>
    [Alias("Poll")]
    Task<EnsembleProgress> PollAsync(int fromTick);

    /// <summary>The portable checkpoint file (bytes) a finished prefix run made; null for other runs.</summary>
    [Alias("TakeCheckpoint"), ResponseTimeout("00:05:00")]
    Task<byte[]?> TakeCheckpointAsync();

    /// <summary>Stops the run between ticks (it ends <see cref="RunStatus.Cancelled"/>).</summary>
    [Alias("Cancel")]
    Task CancelAsync();

    /// <summary>The client has everything: drop the rows and deactivate.</summary>
    [Alias("Forget")]
    Task ForgetAsync();
}

/// <summary>What one ensemble grain is asked to run.</summary>
/// <param name="Scenario">The run's scenario.</param>
/// <param name="From">A portable checkpoint file to start from (a shared prefix), or null for tick 0.</param>
/// <param name="PrefixTo">When positive, run only ticks before it and keep the checkpoint at that barrier (a shared prefix).</param>
[GenerateSerializer, Immutable, Alias("og.EnsembleRunRequest")]
public sealed record EnsembleRunRequest(Scenario Scenario, byte[]? From, int PrefixTo);

/// <summary>Where an ensemble run executes: its silo (parsable address) and that host's cores.</summary>
[GenerateSerializer, Immutable, Alias("og.EnsembleHost")]
public sealed record EnsembleHost(string Silo, int Cores);

/// <summary>An ensemble run's state: its status, the rows of the ticks asked for (tick order), and the error if it failed.</summary>
[GenerateSerializer, Immutable, Alias("og.EnsembleProgress")]
public sealed record EnsembleProgress(RunStatus Status, ScopeMetrics[] Rows, string? Error);
