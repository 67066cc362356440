using OrleansGov.Checkpoints;
using OrleansGov.Client;
using OrleansGov.Client.Results;
using OrleansGov.Client.Results.Outputs;
using OrleansGov.Engine;
using OrleansGov.Metrics;
using OrleansGov.Outputs;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Cli;

namespace OrleansGov.Tests.Outputs;

/// <summary>The outputs writer never leaves a failed or incomplete set of files looking complete.</summary>
public sealed class OutputWriterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Scenario Declared => OutputsAssert.Small(ticks: 20) with
    {
        Outputs = new OutputSpec(new SeriesOutput(["county"], ["cloud_adoption"], 2), null),
    };

    [Fact]
    public async Task A_due_tick_that_never_arrived_makes_the_index_incomplete_with_the_reason()
    {
        var folder = RunFolder.Create(_dir.Path, "gap", explicitId: true, out _)!;
        var writer = OutputWriter.For(folder, Declared, 0)!;

        foreach (int tick in new[] { 1, 3, 7, 9 })
        {
            await writer.WriteAsync(new TickOutputs(tick, [], []));
        }
        var (file, problem) = writer.Close(10);

        Assert.Equal("the declared outputs of 1 due tick(s) never arrived (first: tick 5)", problem);
        var index = OutputIndex.Read(folder.File(file));
        Assert.False(index.Complete);
        Assert.Equal(problem, index.Problem);
        Assert.Equal([1, 3, 7, 9], index.Files.Select(f => f.Tick));
        Assert.Null(OutputWriter.For(folder, Declared with { Outputs = OutputSpec.None }, 0));
    }

    [Fact]
    public async Task A_failed_write_is_kept_reported_once_and_leaves_no_file_under_an_outputs_name()
    {
        var folder = RunFolder.Create(_dir.Path, "failing", explicitId: true, out _)!;
        var reported = new List<string>();
        var firstReport = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = OutputWriter.For(folder, Declared, 0, e => { lock (reported) reported.Add(e); firstReport.TrySetResult(); })!;
        await writer.WriteAsync(new TickOutputs(1, [], []));
        Directory.Delete(folder.File("outputs/county"), recursive: true);
        File.WriteAllText(folder.File("outputs/county"), "a file where the folder should be");

        await writer.WriteAsync(new TickOutputs(3, [], []));
        await writer.WriteAsync(new TickOutputs(5, [], []));
        var (_, problem) = writer.Close(6);

        Assert.StartsWith("writing outputs failed: ", problem);
        Assert.Equal(problem, writer.Error);
        // The failure is reported from a pool work item: wait for it at all (2 s was short at load ~40), not for a while.
        await firstReport.Task.WaitAsync(TimeSpan.FromMinutes(2));
        lock (reported) Assert.Equal([problem!], reported);
        Assert.Empty(Directory.EnumerateFiles(folder.File("outputs"), "*.tmp", SearchOption.AllDirectories));
        Assert.False(OutputIndex.Read(folder.File(OutputWriter.IndexFile)).Complete);
    }

    [Fact]
    public async Task Run_is_failed_when_an_engine_loses_a_due_ticks_outputs()
    {
        string file = _dir.Write("declared.yaml", """
            name: declared
            ticks: 12
            provinces: [{ name: a, cities: 1, counties: 2 }]
            outputs: { series: { scopes: [county], metrics: [cloud_adoption] } }
            """);

        var result = await CliHarness.RunAsync(["run", file, "--engine", "reference", "--out", _dir.Path, "--run-id", "lossy", "--quiet"],
            CancellationToken.None, wrapEngine: engine => new LosingTick(engine, 5));

        Assert.True(result.ExitCode == ExitCodes.Failed, result.ToString());
        var manifest = CliHarness.ReadJson(_dir.Combine("lossy", "manifest.json"));
        Assert.Equal("failed", manifest.GetProperty("status").GetString());
        Assert.Contains("first: tick 5", manifest.GetProperty("error").GetString());
    }

    /// <summary>An engine whose outputs of one tick never reach the writer.</summary>
    private sealed class LosingTick(ISimulationEngine inner, int lost) : ISimulationEngine
    {
        public string Name => inner.Name;

        public Task<RunOutcome> RunAsync(string runId, Scenario scenario, IProgress<TickMetrics>? progress, CancellationToken cancellationToken) =>
            inner.RunAsync(runId, scenario, progress, cancellationToken);

        public Task<RunOutcome> RunAsync(string runId, Scenario scenario, RunPlan plan, IProgress<TickMetrics>? progress, CancellationToken cancellationToken) =>
            inner.RunAsync(runId, scenario, plan with { Outputs = plan.Outputs is { } write ? t => t.Tick == lost ? Task.CompletedTask : write(t) : null }, progress, cancellationToken);
    }
}
