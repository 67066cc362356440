using System.Text.Json;
using OrleansGov.Client.Dashboard;
using OrleansGov.Client.Results;
using OrleansGov.Engine;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Dashboard;

/// <summary>
/// A live intervention is recorded in the run's timeline, and a replay of the recorded scenario — from
/// the coordinator, or from the results folder's manifest — gives identical metrics, because the
/// coordinator's schedule (policy and notices) is rebuilt exactly as if the file had listed the event.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class LiveInterventionTests(DashboardFixture dashboard)
{
    private IGrainFactory Grains => (IGrainFactory)dashboard.Server.Services.GetService(typeof(IGrainFactory))!;

    [Fact]
    public async Task Coordinator_records_the_intervention_and_runs_exactly_as_if_it_were_in_the_file()
    {
        var scenario = ScenarioLoader.Load("small") with { Ticks = 14 };
        string runId = "live-intervention-" + Guid.NewGuid().ToString("N");
        var coordinator = Grains.GetGrain<IRunCoordinatorGrain>(runId);
        await coordinator.PauseAsync();
        await coordinator.StartAsync(scenario);
        // Both kinds: a policy change and a notice delivered to one province's government.
        var first = await coordinator.InterveneAsync(new Intervention(999, InterventionKind.AttentionShift, Province: "south", Value: 0.05));
        var second = await coordinator.InterveneAsync(new Intervention(0, InterventionKind.SetDials, Vertical: 0.3, Horizontal: 0.9));
        Assert.Equal(0, first.Tick);
        Assert.Equal(0, second.Tick);
        await coordinator.ResumeAsync();
        await WaitFinishedAsync(coordinator);

        var recorded = (await coordinator.GetScenarioAsync())!;
        Assert.Equal([.. scenario.Timeline, first, second], recorded.Timeline);
        var live = await coordinator.GetMetricsAsync(0);
        var replay = await new ReferenceEngine().RunAsync("replay", recorded, null, CancellationToken.None);
        Assert.Equal(Csv(replay.Metrics), Csv(live));
        var without = await new ReferenceEngine().RunAsync("plain", scenario, null, CancellationToken.None);
        Assert.NotEqual(Csv(without.Metrics), Csv(live)); // the interventions did change the run
    }

    [Fact]
    public async Task Intervention_mid_run_from_the_api_lands_in_the_manifest_and_the_files_replay_identically()
    {
        // Long enough that the pause lands mid-run: with 300 ticks (~0.3 s) CI saw the run complete between the
        // poll that saw tick 3 and the pause. 10,000 ticks leave it ~10 s quiet, and a loaded machine slows the run too.
        string runId = await dashboard.StartAsync("small", 10_000);
        await using var cancel = dashboard.CancelOnExit(runId);
        // Pause somewhere mid-run, intervene twice, resume.
        await dashboard.WaitForAsync(runId, r => r.GetProperty("ticks_done").GetInt32() >= 3);
        await dashboard.PostAsync($"/api/runs/{runId}/pause");
        var paused = await dashboard.WaitForAsync(runId, r => r.GetProperty("status").GetString() is "paused" or "completed");
        Assert.Equal("paused", paused.GetProperty("status").GetString());
        int at = paused.GetProperty("ticks_done").GetInt32();
        using (var shift = await dashboard.PostAsync($"/api/runs/{runId}/interventions", new { @event = "attention-shift", province = "north", value = 0.9 }))
        {
            Assert.Equal(at, JsonDocument.Parse(await shift.Content.ReadAsStringAsync()).RootElement.GetProperty("tick").GetInt32());
        }
        await dashboard.PostAsync($"/api/runs/{runId}/interventions", new { @event = "set-lever", lever = "accountability", value = 0.95 });
        string folder = dashboard.Results.Combine(runId);
        var midManifest = ResultsIndex.ReadScenario(Path.Combine(folder, RunFolder.ManifestFile));
        Assert.Contains(midManifest.Timeline, e => e.Kind == InterventionKind.SetLever && e.Lever == "accountability" && e.Tick == at);
        // scenario.yaml follows the manifest while the run goes on.
        Assert.Contains(ScenarioLoader.Load(Path.Combine(folder, RunFolder.ScenarioFile)).Timeline,
            e => e.Kind == InterventionKind.SetLever && e.Lever == "accountability" && e.Tick == at);
        await dashboard.PostAsync($"/api/runs/{runId}/resume");
        await dashboard.WaitForAsync(runId, DashboardFixture.Finished, seconds: 600);
        await dashboard.Server.Runs.WaitRecordedAsync();

        var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, RunFolder.ManifestFile))).RootElement;
        Assert.Equal("completed", manifest.GetProperty("status").GetString());
        var scenario = ResultsIndex.ReadScenario(Path.Combine(folder, RunFolder.ManifestFile));
        Assert.Contains(scenario.Timeline, e => e.Kind == InterventionKind.AttentionShift && e.Province == "north" && e.Tick == at && e.Value == 0.9);
        Assert.Contains(scenario.Timeline, e => e.Kind == InterventionKind.SetLever && e.Tick == at);

        // Replay from the files: the recorded scenario through the reference engine gives the same metrics.csv, byte for byte.
        var replay = await new ReferenceEngine().RunAsync("replay", scenario, null, CancellationToken.None);
        Assert.Equal(RunStatus.Completed, replay.Status);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(folder, RunFolder.MetricsFile)), Csv(replay.Metrics));
        // So does the folder's runnable scenario.yaml (what `orleansgov rerun` runs).
        var fromYaml = await new ReferenceEngine().RunAsync("replay-yaml", ScenarioLoader.Load(Path.Combine(folder, RunFolder.ScenarioFile)), null, CancellationToken.None);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(folder, RunFolder.MetricsFile)), Csv(fromYaml.Metrics));
    }

    private static byte[] Csv(IEnumerable<ScopeMetrics> rows)
    {
        using var stream = new MemoryStream();
        MetricsCsv.Write(stream, rows);
        return stream.ToArray();
    }

    private static async Task WaitFinishedAsync(IRunCoordinatorGrain coordinator)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await coordinator.GetStatusAsync()).IsFinished)
        {
            Assert.True(DateTime.UtcNow < deadline, "the run did not finish");
            await Task.Delay(20);
        }
    }
}
