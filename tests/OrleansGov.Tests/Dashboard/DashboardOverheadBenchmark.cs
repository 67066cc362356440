using System.Diagnostics;
using OrleansGov.Grains;
using OrleansGov.Scenarios;
using Xunit.Abstractions;

namespace OrleansGov.Tests.Dashboard;

/// <summary>
/// Measures how much watching a <c>national</c> run in the dashboard slows it (docs/PERFORMANCE.md,
/// "Dashboard overhead"). Unwatched and watched runs alternate on one dashboard; "watched" means what
/// an open run page does: an SSE connection to /api/runs/{id}/metrics plus GET /api/runs/{id} every
/// second. Skipped unless ORLEANSGOV_BENCH=1 (minutes of work); run in Release:
/// <c>ORLEANSGOV_BENCH=1 dotnet test -c Release --filter DashboardOverheadBenchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardOverheadBenchmark(DashboardFixture dashboard, ITestOutputHelper output)
{
    public sealed class BenchFactAttribute : FactAttribute
    {
        public BenchFactAttribute()
        {
            if (Environment.GetEnvironmentVariable("ORLEANSGOV_BENCH") != "1")
            {
                Skip = "benchmark: set ORLEANSGOV_BENCH=1";
            }
        }
    }

    [BenchFact]
    public async Task Watching_a_national_run_costs_little()
    {
        int ticks = int.TryParse(Environment.GetEnvironmentVariable("ORLEANSGOV_BENCH_TICKS"), out int t) ? t : 30;
        int pairs = int.TryParse(Environment.GetEnvironmentVariable("ORLEANSGOV_BENCH_PAIRS"), out int p) ? p : 3;
        var scenario = ScenarioLoader.Load("national") with { Ticks = ticks };
        scenario = scenario with { Timeline = scenario.Timeline.Where(e => e.Tick < ticks).ToArray() };
        var grains = (IGrainFactory)dashboard.Server.Services.GetService(typeof(IGrainFactory))!;
        var plain = new List<double>();
        var watched = new List<double>();
        await RunAsync(grains, scenario, watch: false); // warm-up (JIT, first activations)
        for (int i = 0; i < pairs; i++)
        {
            plain.Add(await RunAsync(grains, scenario, watch: false));
            watched.Add(await RunAsync(grains, scenario, watch: true));
        }
        double a = plain.Average(), b = watched.Average();
        output.WriteLine($"national, {ticks} ticks, {pairs} pairs; steady-state seconds per tick (ticks 2..end):");
        output.WriteLine($"  unwatched: {string.Join(", ", plain.Select(x => x.ToString("0.000")))}  mean {a:0.000}");
        output.WriteLine($"  watched:   {string.Join(", ", watched.Select(x => x.ToString("0.000")))}  mean {b:0.000}");
        output.WriteLine($"  overhead:  {(b / a - 1) * 100:0.0}%");
    }

    /// <summary>One run; returns seconds per tick from the end of tick 2 to the end of the run (activation excluded).</summary>
    private async Task<double> RunAsync(IGrainFactory grains, Scenario scenario, bool watch)
    {
        string runId = $"bench-{(watch ? "watched" : "plain")}-{Guid.NewGuid():N}";
        var coordinator = grains.GetGrain<IRunCoordinatorGrain>(runId);
        using var stop = new CancellationTokenSource();
        await coordinator.StartAsync(scenario);
        var watchers = new List<Task>();
        if (watch)
        {
            watchers.Add(ReadEventsAsync(runId, stop.Token));
            watchers.Add(PollStatusAsync(runId, stop.Token));
        }
        Stopwatch? clock = null;
        int startTick = 2;
        while (true)
        {
            var info = await coordinator.GetStatusAsync();
            if (clock is null && info.TicksDone >= startTick)
            {
                clock = Stopwatch.StartNew();
                startTick = info.TicksDone;
            }
            if (info.IsFinished)
            {
                Assert.Equal(OrleansGov.Runs.RunStatus.Completed, info.Status);
                double seconds = clock!.Elapsed.TotalSeconds / (info.TicksDone - startTick);
                stop.Cancel();
                await Task.WhenAll(watchers.Select(w => w.ContinueWith(_ => { })));
                return seconds;
            }
            await Task.Delay(5);
        }
    }

    private async Task ReadEventsAsync(string runId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{runId}/metrics");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await dashboard.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(await response.Content.ReadAsStreamAsync(cancellationToken)).EnumerateAsync(cancellationToken))
        {
            _ = System.Text.Json.JsonDocument.Parse(item.Data); // the page parses every event
        }
    }

    private async Task PollStatusAsync(string runId, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await dashboard.Http.GetStringAsync($"/api/runs/{runId}", cancellationToken);
            await Task.Delay(1000, cancellationToken);
        }
    }
}
