using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Orleans.Streams;
using OrleansGov.Client.Commands;
using OrleansGov.Engine;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Dashboard;

/// <summary>Why a request cannot be served: the HTTP status and a reason for the body.</summary>
public sealed class ApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// What the dashboard does with runs, as an Orleans client: lists them (registry + results folders),
/// starts, steers and reads them, and streams their aggregated metrics. No per-agent data passes here
/// except the one grain a drill-down asks for.
/// </summary>
public sealed class RunService(IClusterClient client, ResultsIndex results, RunRecorder recorder)
{
    private static readonly TimeSpan StatusPoll = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, Recording> _recordings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, World> _worlds = new(StringComparer.Ordinal);
    private readonly List<Task> _followers = [];
    private readonly CancellationTokenSource _stopping = new();

    public ResultsIndex Results => results;

    /// <summary>Runs on the cluster (live status) and completed runs under --results not on the cluster.</summary>
    public async Task<List<RunSummaryJson>> ListAsync()
    {
        var listings = await client.GetGrain<IRunRegistryGrain>(IRunRegistryGrain.Key).ListAsync();
        var runs = new List<RunSummaryJson>(listings.Length);
        var live = listings.Select(async l => l.Info.IsFinished ? l : l with { Info = await Coordinator(l.RunId).GetStatusAsync() });
        foreach (var listing in await Task.WhenAll(live))
        {
            runs.Add(RunSummaryJson.From(listing, _recordings.TryGetValue(listing.RunId, out var r) ? r.Folder.Path : null));
        }
        var onCluster = runs.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
        runs.AddRange(results.Completed().Where(r => !onCluster.Contains(r.RunId)).Select(RunSummaryJson.From));
        return runs;
    }

    /// <summary>One run in detail; 404 when neither the cluster nor --results knows it.</summary>
    public async Task<RunDetailJson> GetAsync(string runId)
    {
        var coordinator = Coordinator(runId);
        if (await coordinator.GetScenarioAsync() is { } scenario)
        {
            var info = await coordinator.GetStatusAsync();
            var listing = new RunListing(runId, scenario.Name, scenario.Mode, scenario.Dials, scenario.Provinces.Length, World(runId, scenario).AgentCount, info);
            return new RunDetailJson(RunSummaryJson.From(listing, _recordings.TryGetValue(runId, out var r) ? r.Folder.Path : null), scenario);
        }
        var stored = FindResults(runId);
        return new RunDetailJson(RunSummaryJson.From(stored), stored.Manifest.Scenario);
    }

    /// <summary>Starts <paramref name="scenario"/> on the cluster; records its results folder when --results is set.</summary>
    public async Task<string> StartAsync(Scenario scenario, bool paused)
    {
        string requested = OrleansGov.Client.Results.RunFolder.DefaultRunId(scenario, DateTimeOffset.UtcNow);
        Recording? recording = null;
        string runId = requested;
        if (results.Root is { } root)
        {
            recording = recorder.Begin(root, requested, scenario, ["dashboard", "start", scenario.Name]);
            runId = recording.RunId;
        }
        else
        {
            for (int n = 2; await Coordinator(runId).GetScenarioAsync() is not null; n++)
            {
                runId = $"{requested}-{n}";
            }
        }
        var coordinator = Coordinator(runId);
        if (await coordinator.GetScenarioAsync() is not null)
        {
            throw new ApiException(409, $"run '{runId}' already exists on the cluster");
        }
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
        if (_recordings.TryGetValue(runId, out var recording))
        {
            await recorder.UpdateScenarioAsync(recording);
        }
        return recorded;
    }

    /// <summary>Stored rows from <paramref name="fromTick"/> on (cluster run) or the results folder's rows.</summary>
    public async Task<List<Dictionary<string, object?>>> MetricsAsync(string runId, int fromTick)
    {
        var coordinator = Coordinator(runId);
        if (await coordinator.GetScenarioAsync() is not null)
        {
            return MetricJson.Rows(await coordinator.GetMetricsAsync(fromTick));
        }
        return ResultsIndex.ReadMetrics(FindResults(runId)).Where(r => (int)r["tick"]! >= fromTick).ToList();
    }

    /// <summary>
    /// One event per tick from <paramref name="fromTick"/> on: the stored ticks first, then live ticks from
    /// the run's Orleans metrics stream (gaps filled from the stored rows), then a final status event.
    /// </summary>
    public async IAsyncEnumerable<DashboardEvent> EventsAsync(string runId, int fromTick, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var coordinator = Coordinator(runId);
        if (await coordinator.GetScenarioAsync() is null)
        {
            var stored = FindResults(runId);
            foreach (var tick in ResultsIndex.ReadMetrics(stored).Where(r => (int)r["tick"]! >= fromTick).GroupBy(r => (int)r["tick"]!))
            {
                yield return DashboardEvent.Metric(runId, tick.Key, stored.Manifest.TicksRequested, tick.ToList());
            }
            yield return DashboardEvent.Status(RunSummaryJson.From(stored));
            yield break;
        }

        var channel = Channel.CreateUnbounded<TickMetrics>(new UnboundedChannelOptions { SingleReader = true });
        var stream = OrleansMetricsStream.Of(client.GetStreamProvider(GrainKeys.MetricsProvider), runId);
        var subscription = await stream.SubscribeAsync((metrics, _) =>
        {
            channel.Writer.TryWrite(metrics);
            return Task.CompletedTask;
        });
        try
        {
            int next = Math.Max(0, fromTick);
            var info = await coordinator.GetStatusAsync();
            foreach (var item in await StoredAsync(coordinator, runId, next, info.TotalTicks))
            {
                next = item.Tick!.Value + 1;
                yield return item;
            }
            while (!cancellationToken.IsCancellationRequested)
            {
                TickMetrics? live = null;
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    wait.CancelAfter(StatusPoll);
                    try
                    {
                        live = await channel.Reader.ReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // No tick for a while: check whether the run ended.
                    }
                }
                if (live is not null)
                {
                    if (live.Tick < next)
                    {
                        continue;
                    }
                    if (live.Tick > next)
                    {
                        foreach (var item in await StoredAsync(coordinator, runId, next, live.TotalTicks, live.Tick))
                        {
                            yield return item;
                        }
                    }
                    next = live.Tick + 1;
                    yield return DashboardEvent.Metric(runId, live.Tick, live.TotalTicks, MetricJson.Rows(live.Rows));
                    continue;
                }
                info = await coordinator.GetStatusAsync();
                if (info.IsFinished)
                {
                    foreach (var item in await StoredAsync(coordinator, runId, next, info.TotalTicks))
                    {
                        yield return item;
                    }
                    yield return DashboardEvent.Status((await GetAsync(runId)).Run);
                    yield break;
                }
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    /// <summary>One grain's state; 404 for an agent the run does not have, 400 for a malformed key.</summary>
    public async Task<AgentViewJson> DescribeAsync(string runId, string key)
    {
        await ExistingAsync(runId);
        AgentId id;
        try
        {
            id = AgentId.Parse(key);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            throw new ApiException(400, $"'{key}' is not an agent id (e.g. nation, p0.gov.0, p0.c1.gov.0, p0.c1.k2.dept.3)");
        }
        var scenario = (await Coordinator(runId).GetScenarioAsync())!;
        var world = World(runId, scenario);
        if (!Exists(world, id))
        {
            throw new ApiException(404, $"run '{runId}' has no agent '{key}'");
        }
        string grainKey = GrainKeys.Agent(runId, id);
        var view = id.Kind is AgentKind.Nation or AgentKind.Government
            ? await client.GetGrain<IGovernmentGrain>(grainKey).DescribeAsync()
            : await client.GetGrain<IAgentGrain>(grainKey).DescribeAsync();
        return AgentViewJson.From(view, world);
    }

    /// <summary>Stops following runs (their folders stay "running" if they have not ended).</summary>
    public async Task StopAsync()
    {
        _stopping.Cancel();
        Task[] followers;
        lock (_followers)
        {
            followers = _followers.ToArray();
        }
        await Task.WhenAll(followers);
    }

    /// <summary>Waits until the results folder of <paramref name="runId"/> is final (tests).</summary>
    public Task WaitRecordedAsync()
    {
        lock (_followers)
        {
            return Task.WhenAll(_followers.ToArray());
        }
    }

    private async Task<List<DashboardEvent>> StoredAsync(IRunCoordinatorGrain coordinator, string runId, int from, int total, int until = int.MaxValue) =>
        (await coordinator.GetMetricsAsync(from))
            .Where(r => r.Tick < until)
            .GroupBy(r => r.Tick)
            .Select(g => DashboardEvent.Metric(runId, g.Key, total, MetricJson.Rows(g)))
            .ToList();

    private IRunCoordinatorGrain Coordinator(string runId) => client.GetGrain<IRunCoordinatorGrain>(runId);

    private async Task<IRunCoordinatorGrain> ExistingAsync(string runId)
    {
        var coordinator = Coordinator(runId);
        if (await coordinator.GetScenarioAsync() is null)
        {
            throw results.Find(runId) is null
                ? new ApiException(404, $"no run '{runId}'")
                : new ApiException(409, $"run '{runId}' is a results folder, not a run on the cluster");
        }
        return coordinator;
    }

    private ResultsRun FindResults(string runId) => results.Find(runId) ?? throw new ApiException(404, $"no run '{runId}'");

    private World World(string runId, Scenario scenario) => _worlds.GetOrAdd(runId, _ => new World(scenario));

    private static bool Exists(World world, AgentId id)
    {
        if (id.Kind == AgentKind.Nation)
        {
            return true;
        }
        if (id.Kind == AgentKind.Environment || id.Province < 0 || id.Province >= world.ProvinceCount)
        {
            return false;
        }
        return id.Kind == AgentKind.Government
            ? world.GovernmentsOf(id.Province).Contains(id)
            : world.GovernmentsOf(id.Province).Contains(id.Government) && world.Leaves(id.Government).Contains(id);
    }
}
