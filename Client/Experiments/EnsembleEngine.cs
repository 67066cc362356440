using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using OrleansGov.Checkpoints;
using OrleansGov.Client.Hosting;
using OrleansGov.Engine;
using OrleansGov.Ensemble;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Scenarios;
using ILogger = Serilog.ILogger;

namespace OrleansGov.Client.Experiments;

/// <summary>
/// Where one attempt of an ensemble run executed and how it ended: a row of <c>placement.csv</c>, which has
/// one per attempt, not per run. <paramref name="Outcome"/>: completed, failed or cancelled (the run ended
/// there), lost (it started, then its silo was lost or a poll timed out), not started (the silo refused it).
/// </summary>
public sealed record EnsemblePlacement(string Run, int Attempt, string Silo, double Seconds, string Outcome);

/// <summary>
/// The reference engine spread over a cluster: each run executes whole inside one
/// <see cref="IEnsembleRunGrain"/> on the least loaded silo (a placement hint; see
/// <see cref="EnsembleSilos"/>), and its rows are polled back tick by tick, so the results folder is
/// written exactly as a local run's. A run whose silo is lost (a call fails, times out, or finds a fresh
/// activation that never started) is run again on another silo, up to <see cref="MaxAttempts"/> times
/// (a start a dead silo refused is no attempt; see <see cref="DispatchAsync"/>); ticks already reported are not reported again (the run is deterministic, so the retry's rows are the
/// same). When no silo is left, <see cref="ClusterUnavailableException"/> ends the batch.
/// </summary>
public sealed class EnsembleEngine(IClusterClient client, ILogger log) : ISimulationEngine
{
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<EnsemblePlacement> _placements = new();
    /// <summary>Each shared prefix's file bytes, so they are serialised once however many arms fork from it.</summary>
    private readonly ConditionalWeakTable<RunCheckpoint, byte[]> _prefixFiles = new();

    public string Name => "reference";

    public int MaxAttempts { get; init; } = 3;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The dispatcher's view of the silos (tests set a short <see cref="EnsembleSilos.NoSiloLimit"/>).</summary>
    public EnsembleSilos Silos { get; init; } = new(client);

    /// <summary>Every attempt so far, in the order they ended.</summary>
    public IReadOnlyCollection<EnsemblePlacement> Placements => _placements;

    /// <summary>The cores of each live silo (one probe grain per silo), for the default number of runs in flight.</summary>
    public async Task<IReadOnlyList<EnsembleHost>> ProbeAsync(CancellationToken cancellationToken)
    {
        var live = await Silos.LiveAsync(refresh: true, cancellationToken);
        var hosts = new List<EnsembleHost>();
        foreach (var silo in live)
        {
            var grain = client.GetGrain<IEnsembleRunGrain>($"probe/{Guid.NewGuid():N}");
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
            try
            {
                hosts.Add(await grain.HostAsync().WaitAsync(CallLimit, cancellationToken));
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }
            await grain.ForgetAsync();
        }
        return hosts;
    }

    public Task<RunOutcome> RunAsync(string runId, Scenario scenario, IProgress<TickMetrics>? progress, CancellationToken cancellationToken) =>
        RunAsync(runId, scenario, RunPlan.Default, progress, cancellationToken);

    public async Task<RunOutcome> RunAsync(string runId, Scenario scenario, RunPlan plan, IProgress<TickMetrics>? progress, CancellationToken cancellationToken)
    {
        if (plan.CheckpointEvery != 0 || plan.Export is not null)
        {
            throw new NotSupportedException("Ensemble runs on a cluster take no checkpoints of their own.");
        }
        if (plan.Outputs is not null)
        {
            // The run executes whole inside a grain on another silo; its declared outputs are not shipped back.
            throw new NotSupportedException("declared outputs (scenario outputs:) are not written by reference-engine runs on a cluster; run this batch locally or with --engine orleans");
        }
        byte[]? from = plan.From is { } checkpoint ? _prefixFiles.GetValue(checkpoint, ReferencePrefix.ToFile) : null;
        var relay = new Relay(runId, scenario.Ticks, progress);
        var (status, error, silos) = await DispatchAsync(runId, new EnsembleRunRequest(scenario, from, 0), relay, null, cancellationToken);
        return new RunOutcome(status, relay.Rows, silos, error);
    }

    /// <summary>Runs the ticks before <paramref name="tick"/> of <paramref name="scenario"/> on a silo; the checkpoint there, or null if it failed.</summary>
    public async Task<RunCheckpoint?> RunPrefixAsync(string runId, Scenario scenario, int tick, CancellationToken cancellationToken)
    {
        byte[]? file = null;
        var (status, error, _) = await DispatchAsync(runId, new EnsembleRunRequest(scenario, null, tick), new Relay(runId, tick, null),
            async grain => file = await grain.TakeCheckpointAsync(), cancellationToken);
        if (status != RunStatus.Completed || file is null)
        {
            log.Warning("Shared prefix {Run} to tick {Tick} did not complete ({Status}: {Error})", runId, tick, status, error);
            return null;
        }
        var checkpoint = ReferencePrefix.FromFile(file);
        _prefixFiles.AddOrUpdate(checkpoint, file);
        return checkpoint;
    }

    /// <summary>
    /// Runs <paramref name="request"/> on the least loaded silo, again elsewhere when its silo is lost. Only
    /// attempts that started count towards <see cref="MaxAttempts"/>: a start refused by a dead silo (still
    /// listed as active until membership declares it dead) is tried again elsewhere, until no silo has
    /// started it for <see cref="EnsembleSilos.NoSiloLimit"/> — the cluster is gone. And a run out of
    /// attempts fails only if a silo is left: when every silo was killed, the runs in flight lost their
    /// attempts on the dying silos before membership could tell (CI: exit 1 where 3 was due).
    /// </summary>
    private async Task<(RunStatus Status, string? Error, int Silos)> DispatchAsync(string runId, EnsembleRunRequest request, Relay relay,
        Func<IEnsembleRunGrain, Task>? onCompleted, CancellationToken cancellationToken)
    {
        var avoid = new HashSet<SiloAddress>();
        string? lastLoss = null;
        int started = 0;
        var idleSince = DateTime.UtcNow; // since when no attempt of this run has been running
        // attempt numbers every try (its grain's key and its row in placement.csv); started counts the ones that ran.
        for (int attempt = 1; started < MaxAttempts; attempt++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return (RunStatus.Cancelled, "Cancelled.", 0);
            }
            if (attempt > 1 && DateTime.UtcNow - idleSince > Silos.NoSiloLimit)
            {
                throw Silos.Gone($"every silo refused to start run {runId} (last: {lastLoss})");
            }
            SiloAddress silo;
            try
            {
                silo = await Silos.AcquireAsync(avoid, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return (RunStatus.Cancelled, "Cancelled.", 0);
            }
            var clock = Stopwatch.StartNew();
            var grain = client.GetGrain<IEnsembleRunGrain>($"{runId}/attempt-{attempt}");
            string outcome = "lost";
            try
            {
                if (await StartOnAsync(grain, silo, request) is { } refused)
                {
                    lastLoss = refused;
                    outcome = "not started";
                    continue;
                }
                started++;
                var (status, error) = await FollowAsync(grain, silo, relay, cancellationToken);
                if (status == RunStatus.Completed && onCompleted is not null)
                {
                    await onCompleted(grain).WaitAsync(CallLimit * 10, CancellationToken.None);
                }
                outcome = status.ToString().ToLowerInvariant();
                await ForgetAsync(grain);
                // The run has ended: nothing after this line may throw, or the catch below would run it again
                // (a membership query here failed while a silo died, and completed runs ran twice).
                return (status, error, Silos.LastKnownCount);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                lastLoss = ex.Message;
                idleSince = DateTime.UtcNow;
                // The lost attempt may still be computing on a silo that is alive (a call timed out under
                // load): tell it to stop now rather than when its lease runs out. Not awaited — a dead
                // silo does not answer, and the run's lease stops it there anyway.
                _ = ForgetAsync(grain);
                avoid.Add(silo);
                Silos.Suspect(silo);
                log.Warning("Ensemble run {Run} attempt {Attempt} on silo {Silo} was lost after tick {Tick}: {Error}", runId, attempt, silo, relay.NextTick - 1, ex.Message);
            }
            finally
            {
                Silos.Release(silo);
                _placements.Enqueue(new EnsemblePlacement(runId, attempt, silo.ToString(), clock.Elapsed.TotalSeconds, outcome));
            }
        }
        try
        {
            // Throws ClusterUnavailableException when no silo is left (after NoSiloLimit): the cluster's loss, not the run's.
            Silos.Release(await Silos.AcquireAsync(new HashSet<SiloAddress>(), cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (RunStatus.Cancelled, "Cancelled.", 0);
        }
        return (RunStatus.Failed, $"The run's silo was lost {MaxAttempts} times (last: {lastLoss}).", 0);
    }

    /// <summary>
    /// Starts the attempt on <paramref name="silo"/>: null if it started; the error, after a pause, if the
    /// silo refused it (dead, or dying: the call failed — the run cannot have started there); throws on a
    /// timeout, which may have started it (counted as a lost attempt).
    /// </summary>
    private async Task<string?> StartOnAsync(IEnsembleRunGrain grain, SiloAddress silo, EnsembleRunRequest request)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            await grain.StartAsync(request).WaitAsync(CallLimit, CancellationToken.None);
            return null;
        }
        catch (Exception ex) when (ex is not TimeoutException)
        {
            log.Warning("Ensemble run attempt {Grain} did not start on silo {Silo}: {Error}", grain.GetPrimaryKeyString(), silo, ex.Message);
            _ = ForgetAsync(grain);
            Silos.Suspect(silo);
            await Task.Delay(EnsembleSilos.RetryPause, CancellationToken.None);
            return ex.Message;
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    /// <summary>One started attempt: polls rows until the run ends. Throws when the silo is lost.</summary>
    private async Task<(RunStatus Status, string? Error)> FollowAsync(IEnsembleRunGrain grain, SiloAddress silo, Relay relay,
        CancellationToken cancellationToken)
    {
        bool cancelSent = false;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested && !cancelSent)
            {
                await grain.CancelAsync().WaitAsync(CallLimit, CancellationToken.None);
                cancelSent = true;
            }
            var progress = await grain.PollAsync(relay.NextTick).WaitAsync(CallLimit, CancellationToken.None);
            if (progress.Status == RunStatus.Created)
            {
                // A fresh activation elsewhere (the silo was lost), or the run was stopped because its lease expired.
                throw new SiloUnavailableException($"the run's grain answered without its run (silo {silo} lost, or the run stopped: {progress.Error ?? "its grain was activated again"})");
            }
            relay.Receive(progress.Rows);
            if (progress.Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled)
            {
                return (progress.Status, progress.Error);
            }
            await Task.Delay(PollInterval, CancellationToken.None);
        }
    }

    private static async Task ForgetAsync(IEnsembleRunGrain grain)
    {
        try
        {
            await grain.ForgetAsync().WaitAsync(CallLimit);
        }
        catch (Exception)
        {
            // Best effort: an unforgotten grain is collected when idle.
        }
    }

    /// <summary>Reports each tick's rows once, in order, whichever attempt delivered them.</summary>
    private sealed class Relay(string runId, int totalTicks, IProgress<TickMetrics>? progress)
    {
        private readonly List<ScopeMetrics> _rows = new();

        public int NextTick { get; private set; }

        public List<ScopeMetrics> Rows => _rows;

        public void Receive(ScopeMetrics[] rows)
        {
            foreach (var tick in rows.Where(r => r.Tick >= NextTick).GroupBy(r => r.Tick).OrderBy(g => g.Key))
            {
                if (tick.Key != NextTick)
                {
                    throw new InvalidOperationException($"Ensemble run {runId} skipped from tick {NextTick} to {tick.Key}.");
                }
                var tickRows = tick.ToArray();
                _rows.AddRange(tickRows);
                progress?.Report(new TickMetrics(runId, tick.Key, totalTicks, tickRows));
                NextTick++;
            }
        }
    }
}
