using Orleans.Core.Internal;
using OrleansGov.Client.Dashboard;
using OrleansGov.Client.Results;
using OrleansGov.Grains;
using OrleansGov.Tests.Engine;
using OrleansGov.Tests.Support;
using Serilog;

namespace OrleansGov.Tests.Dashboard;

[Collection(OneSiloCollection.Name)]
public sealed class RunRecorderTests(OneSiloFixture fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("og-recorder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// The dashboard's side of <c>OneSiloEngineTests.A_run_whose_coordinator_activation_goes_after_its_end…</c>:
    /// when the coordinator's activation is replaced after the run's end, the new one holds no rows, and the
    /// folder must be closed with the ticks the recorder appended as they came — not failed as
    /// "completed with 0 metric rows".
    /// </summary>
    [Fact]
    public async Task A_run_whose_coordinator_activation_goes_after_its_end_is_recorded_complete()
    {
        var scenario = TestScenarios.Small(ticks: 15);
        var reference = await EngineAssert.ReferenceAsync(scenario);
        using var logs = new RunLogRouter();
        IRunCoordinatorGrain? coordinator = null;
        var recorder = new RunRecorder(fixture.Client, new LoggerConfiguration().CreateLogger(), "test silo", logs, TimeSpan.FromSeconds(30))
        {
            AfterEnd = () => coordinator!.Cast<IGrainManagementExtension>().DeactivateOnIdle().AsTask(),
        };
        var recording = recorder.Begin(_dir, EngineAssert.NewRunId("recorded"), scenario, ["test"]);
        coordinator = fixture.Client.GetGrain<IRunCoordinatorGrain>(recording.RunId);

        await coordinator.StartAsync(scenario);
        await recorder.FollowAsync(recording, CancellationToken.None);

        string manifest = File.ReadAllText(recording.Folder.File(RunFolder.ManifestFile));
        Assert.Contains("\"status\": \"completed\"", manifest);
        Assert.Equal(1 + reference.Metrics.Count, File.ReadAllLines(recording.Folder.File(RunFolder.MetricsFile)).Length);
        Assert.Empty(await coordinator.GetMetricsAsync(0)); // the activation that answered at the end held no rows
    }
}
