using Microsoft.Extensions.Logging;
using Orleans.Streams;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Engine;

/// <summary>
/// Owns one run: the tick loop (a background task on this activation, so status queries, pause and
/// cancel are served between ticks), the run's status, its stored rows and its metrics stream. Holds no
/// per-agent data: each tick is one call to the nation, which fans out down the government tree.
/// </summary>
public sealed class RunCoordinatorGrain(ILogger<RunCoordinatorGrain> logger) : Grain, IRunCoordinatorGrain
{
    /// <summary>How long a finished run's results stay in memory at least.</summary>
    private static readonly TimeSpan KeepResults = TimeSpan.FromHours(1);

    private readonly List<ScopeMetrics[]> _ticks = new();
    private readonly List<double> _tickSeconds = new();
    private Scenario? _scenario;
    private RunStatus _status = RunStatus.Created;
    private string? _error;
    private DateTime? _started, _ended;
    private bool _pauseRequested, _cancelRequested;
    private TaskCompletionSource? _resumed;
    private PolicySchedule? _schedule;
    private int _nextTick; // the first tick whose input (policy, notices) is not computed yet
    private long _agentCount;

    private string RunId => this.GetPrimaryKeyString();

    public Task StartAsync(Scenario scenario)
    {
        if (_status != RunStatus.Created)
        {
            throw new InvalidOperationException($"Run '{RunId}' was already started (status {_status}).");
        }
        ArgumentNullException.ThrowIfNull(scenario);
        _scenario = scenario;
        _status = RunStatus.Running;
        _started = DateTime.UtcNow;
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        _schedule = new PolicySchedule(scenario);
        _ = RunLoopAsync(scenario);
        Report();
        return Task.CompletedTask;
    }

    public Task<RunInfo> GetStatusAsync() =>
        Task.FromResult(new RunInfo(RunId, _status, _ticks.Count, _scenario?.Ticks ?? 0, _error, _started, _ended));

    public Task PauseAsync()
    {
        if (_status is RunStatus.Created or RunStatus.Running or RunStatus.Paused)
        {
            _pauseRequested = true;
        }
        return Task.CompletedTask;
    }

    public Task ResumeAsync()
    {
        EnsureStarted("resume");
        _pauseRequested = false;
        _resumed?.TrySetResult();
        return Task.CompletedTask;
    }

    public Task CancelAsync()
    {
        if (_status == RunStatus.Created)
        {
            Finish(RunStatus.Cancelled, "Cancelled before it started.");
        }
        _cancelRequested = true;
        _resumed?.TrySetResult();
        return Task.CompletedTask;
    }

    public Task<ScopeMetrics[]> GetMetricsAsync(int fromTick) =>
        Task.FromResult(_ticks.Skip(Math.Max(0, fromTick)).SelectMany(rows => rows).ToArray());

    public Task<ScopeMetrics[]> GetMetricsPageAsync(int fromTick, int maxTicks) =>
        Task.FromResult(_ticks.Skip(Math.Max(0, fromTick)).Take(Math.Max(0, maxTicks)).SelectMany(rows => rows).ToArray());

    public Task<Scenario?> GetScenarioAsync() => Task.FromResult(_scenario);

    public Task<double[]> GetTickSecondsAsync() => Task.FromResult(_tickSeconds.ToArray());

    public Task<Intervention> InterveneAsync(Intervention intervention)
    {
        ArgumentNullException.ThrowIfNull(intervention);
        EnsureStarted("intervene in");
        if (_scenario is not { } scenario || _status is not (RunStatus.Running or RunStatus.Paused) || _cancelRequested)
        {
            throw new InvalidOperationException($"Cannot intervene in run '{RunId}': it is {_status.ToString().ToLowerInvariant()}.");
        }
        if (_nextTick >= scenario.Ticks)
        {
            throw new InvalidOperationException($"Cannot intervene in run '{RunId}': its last tick has begun.");
        }
        // Appended last, as if the file had listed it after its own events of that tick (PolicySchedule's sort is stable).
        var recorded = intervention with { Tick = _nextTick };
        _scenario = scenario with { Timeline = [.. scenario.Timeline, recorded] };
        _schedule = new PolicySchedule(_scenario);
        return Task.FromResult(recorded);
    }

    private async Task RunLoopAsync(Scenario scenario)
    {
        var nation = GrainFactory.GetGrain<IGovernmentGrain>(GrainKeys.Agent(RunId, AgentId.Nation));
        // The end status is published only after the run's grains are released, so a client that
        // stops its silo as soon as the run ends never cuts the release short.
        (RunStatus Status, string? Error) end = (RunStatus.Completed, null);
        try
        {
            var world = new World(scenario);
            _agentCount = world.AgentCount;
            Report();
            var stream = OrleansMetricsStream.Of(this.GetStreamProvider(GrainKeys.MetricsProvider), RunId);
            for (int tick = 0; tick < scenario.Ticks; tick++)
            {
                await HoldWhilePausedAsync();
                if (_cancelRequested)
                {
                    end = (RunStatus.Cancelled, $"Cancelled after {tick} of {scenario.Ticks} ticks.");
                    break;
                }
                long tickStart = System.Diagnostics.Stopwatch.GetTimestamp();
                // Computed in one turn with _nextTick, so a live intervention lands wholly in a later tick.
                var schedule = _schedule!;
                var notices = schedule.NoticesAt(tick, world).ToArray();
                var input = new StepInput(tick, schedule.At(tick), notices);
                _nextTick = tick + 1;
                var rows = await nation.StepRootAsync(input);
                _ticks.Add(rows);
                await stream.OnNextAsync(new TickMetrics(RunId, tick, scenario.Ticks, rows));
                _tickSeconds.Add(System.Diagnostics.Stopwatch.GetElapsedTime(tickStart).TotalSeconds);
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Run {RunId} failed at tick {Tick}", RunId, _ticks.Count);
            end = (RunStatus.Failed, $"Tick {_ticks.Count}: {ex.Message}");
        }
        await ReleaseAsync(nation);
        Finish(end.Status, end.Error);
    }

    private async Task HoldWhilePausedAsync()
    {
        while (_pauseRequested && !_cancelRequested)
        {
            _status = RunStatus.Paused;
            Report();
            _resumed = new TaskCompletionSource();
            await _resumed.Task;
            _resumed = null;
        }
        if (_status == RunStatus.Paused)
        {
            _status = RunStatus.Running;
            Report();
        }
    }

    private void Finish(RunStatus status, string? error)
    {
        _status = status;
        _error = error;
        _ended = DateTime.UtcNow;
        DelayDeactivation(KeepResults);
        Report();
    }

    /// <summary>Tells the run registry this run's status (one-way; on start and status changes only, never per tick).</summary>
    private void Report()
    {
        if (_scenario is not { } s)
        {
            return;
        }
        var info = new RunInfo(RunId, _status, _ticks.Count, s.Ticks, _error, _started, _ended);
        var listing = new RunListing(RunId, s.Name, s.Mode, s.Dials, s.Provinces.Length, _agentCount, info);
        try
        {
            _ = GrainFactory.GetGrain<IRunRegistryGrain>(IRunRegistryGrain.Key).ReportAsync(listing);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Reporting run {RunId} to the registry failed", RunId);
        }
    }

    /// <summary>Lets the run's grains go, so batch jobs do not accumulate activations.</summary>
    private async Task ReleaseAsync(IGovernmentGrain nation)
    {
        try
        {
            await nation.ReleaseAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Releasing the grains of run {RunId} failed", RunId);
        }
    }

    private void EnsureStarted(string verb)
    {
        if (_status == RunStatus.Created)
        {
            throw new InvalidOperationException($"Cannot {verb} run '{RunId}': it has not started.");
        }
    }
}
