using OrleansGov.Engine;
using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using OrleansGov.Agents;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Runs;
using OrleansGov.Scenarios;
using Serilog;

namespace OrleansGov.Client.Dashboard;

/// <summary>Why a request cannot be served: the HTTP status and a reason for the body.</summary>
public sealed class ApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// What the dashboard does with runs, as an Orleans client: lists them (registry + results folders),
/// starts, steers and reads them, and streams their aggregated metrics. No per-agent data passes here
/// except the one grain a drill-down asks for. A run id is looked up in the run registry (or the runs
/// started here) before any coordinator grain is touched, so an unknown id activates nothing.
/// </summary>
public sealed class RunService(
    IClusterClient client, ResultsIndex results, RunRecorder recorder, RunFeeds feeds, StreamGate gate,
    IRunAdmission admission, DashboardLimits limits, ILogger logger)
{
    private readonly ConcurrentDictionary<string, Recording> _recordings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, World> _worlds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _startedHere = new(StringComparer.Ordinal);
    private readonly List<Task> _followers = [];
    private readonly CancellationTokenSource _stopping = new();

    public ResultsIndex Results => results;

    public StreamGate Gate => gate;

    public RunFeeds Feeds => feeds;

    /// <summary>Runs on the cluster (live status) and every results folder under --results not on the cluster.</summary>
    public async Task<List<RunSummaryJson>> ListAsync()
    {
        var listings = await Registry.ListAsync();
        var runs = new List<RunSummaryJson>(listings.Length);
        var live = listings.Select(async l => l.Info.IsFinished ? l : l with { Info = await Coordinator(l.RunId).GetStatusAsync() });
        foreach (var listing in await Task.WhenAll(live))
        {
            runs.Add(RunSummaryJson.From(listing));
        }
        var onCluster = runs.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
        runs.AddRange(results.All().Where(r => !onCluster.Contains(r.RunId)).Select(RunSummaryJson.From));
        return runs;
    }

    /// <summary>One run in detail; 404 when neither the cluster nor --results knows it.</summary>
    public async Task<RunDetailJson> GetAsync(string runId)
    {
        if (await OnClusterAsync(runId) is { } coordinator && await coordinator.GetScenarioAsync() is { } scenario)
        {
            var info = await coordinator.GetStatusAsync();
            var listing = new RunListing(runId, scenario.Name, scenario.Mode, scenario.Dials, scenario.Provinces.Length, ModelSize.Agents(scenario), info);
            return new RunDetailJson(RunSummaryJson.From(listing), scenario);
        }
        var stored = FindResults(runId);
        return new RunDetailJson(RunSummaryJson.From(stored), stored.Manifest.Scenario);
    }

    /// <summary>Starts <paramref name="scenario"/> on the cluster; records its results folder when --results is set.</summary>
    public async Task<string> StartAsync(Scenario scenario, bool paused)
    {
        if (admission.Refuse(scenario) is { } refusal)
        {
            throw new ApiException(422, refusal);
        }
        string requested = OrleansGov.Client.Results.RunFolder.DefaultRunId(scenario, DateTimeOffset.UtcNow);
        Recording? recording = null;
        string runId = requested;
        // An id already on the cluster is taken even when this dashboard's results folder has no such run:
        // another dashboard or client of the same cluster started it (same preset and seed in the same second).
        for (int n = 2; await Registry.FindAsync(runId) is not null || _startedHere.ContainsKey(runId); n++)
        {
            runId = $"{requested}-{n}";
        }
        if (results.Root is { } root)
        {
            try
            {
                recording = recorder.Begin(root, runId, scenario, ["dashboard", "start", scenario.Name]);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ApiException(500, $"cannot create the run's results folder: {ex.Message}");
            }
            runId = recording.RunId;
            results.Invalidate();
        }
        var coordinator = Coordinator(runId);
        if (await coordinator.GetScenarioAsync() is not null)
        {
            throw new ApiException(409, $"run '{runId}' already exists on the cluster");
        }
        _startedHere[runId] = 0;
        if (paused)
        {
            await coordinator.PauseAsync();
        }
        await coordinator.StartAsync(scenario);
        if (recording is not null)
        {
            _recordings[runId] = recording;
            lock (_followers)
            {
                _followers.Add(Task.Run(() => recorder.FollowAsync(recording, _stopping.Token)));
            }
        }
        return runId;
    }

    public async Task<RunDetailJson> ControlAsync(string runId, string verb)
    {
        var coordinator = await ExistingAsync(runId);
        try
        {
            await (verb switch
            {
                "pause" => coordinator.PauseAsync(),
                "resume" => coordinator.ResumeAsync(),
                "cancel" => coordinator.CancelAsync(),
                _ => throw new ApiException(404, $"unknown action '{verb}'"),
            });
        }
        catch (InvalidOperationException ex)
        {
            throw new ApiException(409, ex.Message);
        }
        logger.Information("Run {RunId}: {Action} requested from the dashboard", runId, verb);
        return await GetAsync(runId);
    }

    /// <summary>Applies an intervention at the next tick; the run's recorded timeline (and manifest) gain it.</summary>
    public async Task<Intervention> InterveneAsync(string runId, InterventionRequest request)
    {
        var coordinator = await ExistingAsync(runId);
        var scenario = (await coordinator.GetScenarioAsync())!;
        var intervention = request.ToIntervention(scenario);
        Intervention recorded;
        try
        {
            recorded = await coordinator.InterveneAsync(intervention);
        }
        catch (InvalidOperationException ex)
        {
            throw new ApiException(409, ex.Message);
        }
        logger.Information("Run {RunId}: intervention {Event} recorded at tick {Tick}", runId, InterventionRequest.Name(recorded.Kind), recorded.Tick);
        if (_recordings.TryGetValue(runId, out var recording))
        {
            await recorder.UpdateScenarioAsync(recording);
        }
        return recorded;
    }

    /// <summary>One page of stored rows: at most <paramref name="maxTicks"/> ticks from <paramref name="fromTick"/> on.</summary>
    public async Task<List<Dictionary<string, object?>>> MetricsAsync(string runId, int fromTick, int maxTicks)
    {
        if (await OnClusterAsync(runId) is { } coordinator && await coordinator.GetScenarioAsync() is not null)
        {
            return MetricJson.Rows(await coordinator.GetMetricsPageAsync(fromTick, maxTicks));
        }
        return ResultsIndex.ReadMetrics(FindResults(runId), fromTick, maxTicks);
    }

    /// <summary>
    /// Writes the run's metrics as Server-Sent Events: one <c>metric</c> event per tick from
    /// <paramref name="fromTick"/> on (stored ticks first, a page at a time, then live ones from the run's
    /// shared feed), then a final <c>status</c> event. 404 for an unknown run, 429 beyond the stream limits.
    /// </summary>
    public async Task StreamAsync(string runId, int fromTick, HttpContext http)
    {
        var coordinator = await OnClusterAsync(runId);
        bool live = coordinator is not null && await coordinator.GetScenarioAsync() is not null;
        var stored = live ? null : FindResults(runId);
        string clientAddress = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var lease = gate.TryEnter(clientAddress, out string? refusal);
        if (lease is null)
        {
            http.Response.Headers.RetryAfter = "5";
            throw new ApiException(StatusCodes.Status429TooManyRequests, refusal!);
        }
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(http.RequestAborted);
        try
        {
            if (live)
            {
                var feed = feeds.Acquire(runId, async () => SseFrames.Status((await GetAsync(runId)).Run));
                try
                {
                    await WriteAsync(response, feed.FramesAsync(fromTick, http.RequestAborted), http.RequestAborted);
                }
                finally
                {
                    await feeds.ReleaseAsync(runId, feed);
                }
            }
            else
            {
                await WriteAsync(response, StoredFrames(stored!, fromTick), http.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> StoredFrames(ResultsRun run, int fromTick)
    {
        int n = 0;
        foreach (var (tick, rows) in ResultsIndex.ReadTicks(run, fromTick))
        {
            yield return SseFrames.Metric(run.RunId, tick, run.Manifest.TicksRequested, rows);
            if (++n % limits.PageTicks == 0)
            {
                yield return ReadOnlyMemory<byte>.Empty;
                await Task.Yield();
            }
        }
        yield return SseFrames.Status(RunSummaryJson.From(run));
    }

    /// <summary>
    /// Writes frames, flushing at every empty item (end of a page, or before waiting for the next tick) and
    /// whenever <see cref="FlushBytes"/> are pending: a connection never holds more than that unsent (a slow
    /// reader is held back by the flush, not buffered), whatever the page size.
    /// </summary>
    private static async Task WriteAsync(HttpResponse response, IAsyncEnumerable<ReadOnlyMemory<byte>> frames, CancellationToken cancellationToken)
    {
        var writer = response.BodyWriter;
        long pending = 0;
        await foreach (var frame in frames.WithCancellation(cancellationToken))
        {
            if (!frame.IsEmpty)
            {
                writer.Write(frame.Span);
                pending += frame.Length;
            }
            if (frame.IsEmpty || pending >= FlushBytes)
            {
                await writer.FlushAsync(cancellationToken);
                pending = 0;
            }
        }
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>Unsent bytes after which a stream is flushed (and waits for its reader).</summary>
    private const int FlushBytes = 32 * 1024;

    /// <summary>One grain's state; 404 for an agent the run does not have, 400 for a malformed key.</summary>
    public async Task<AgentViewJson> DescribeAsync(string runId, string key)
    {
        var coordinator = await ExistingAsync(runId);
        AgentId id;
        try
        {
            id = AgentId.Parse(key);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            throw new ApiException(400, $"'{key}' is not an agent id (e.g. nation, p0.gov.0, p0.c1.gov.0, p0.c1.k2.dept.3)");
        }
        var scenario = (await coordinator.GetScenarioAsync())!;
        var world = World(runId, scenario);
        if (!Topology.Exists(world, id))
        {
            throw new ApiException(404, $"run '{runId}' has no agent '{key}'");
        }
        string grainKey = GrainKeys.Agent(runId, id);
        var view = id.Kind is AgentKind.Nation or AgentKind.Government
            ? await client.GetGrain<IGovernmentGrain>(grainKey).DescribeAsync()
            : await client.GetGrain<IAgentGrain>(grainKey).DescribeAsync();
        return AgentViewJson.From(view, world);
    }

    /// <summary>
    /// The dashboard is stopping: its live runs are cancelled (they would die with an embedded silo, and
    /// nobody would record them on a cluster) and recorded <c>cancelled</c>; waits until every folder is closed.
    /// </summary>
    public async Task StopAsync()
    {
        _stopping.Cancel();
        await WaitRecordedAsync();
    }

    /// <summary>Waits until the results folder of every run started here is final (tests).</summary>
    public Task WaitRecordedAsync()
    {
        lock (_followers)
        {
            return Task.WhenAll(_followers.ToArray());
        }
    }

    private IRunRegistryGrain Registry => client.GetGrain<IRunRegistryGrain>(IRunRegistryGrain.Key);

    private IRunCoordinatorGrain Coordinator(string runId) => client.GetGrain<IRunCoordinatorGrain>(runId);

    /// <summary>The run's coordinator when the cluster knows the run (started here, or listed by the registry); null otherwise — without activating it.</summary>
    private async Task<IRunCoordinatorGrain?> OnClusterAsync(string runId) =>
        _startedHere.ContainsKey(runId) || await Registry.FindAsync(runId) is not null ? Coordinator(runId) : null;

    private async Task<IRunCoordinatorGrain> ExistingAsync(string runId)
    {
        if (await OnClusterAsync(runId) is { } coordinator && await coordinator.GetScenarioAsync() is not null)
        {
            return coordinator;
        }
        throw results.Find(runId) is null
            ? new ApiException(404, $"no run '{runId}'")
            : new ApiException(409, $"run '{runId}' is a results folder, not a run on the cluster");
    }

    private ResultsRun FindResults(string runId) => results.Find(runId) ?? throw new ApiException(404, $"no run '{runId}'");

    private World World(string runId, Scenario scenario) => _worlds.GetOrAdd(runId, _ => new World(scenario));
}
