using System.Text.Json;
using OrleansGov.Client.Results;
using OrleansGov.Engine;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Cli;

/// <summary>The results-folder writer on its own: streaming, heartbeat, the completeness check, write failures, the stale rule.</summary>
public sealed class RunWriterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<RunOutcome> ReferenceRun(int ticks = 6) =>
        await new ReferenceEngine().RunAsync("w", TestScenarios.Small(ticks: ticks), null, CancellationToken.None);

    private RunWriter Start(string id, TimeSpan? heartbeat = null)
    {
        var folder = RunFolder.Create(_dir.Path, id, explicitId: true, out _)!;
        return RunWriter.Start(folder, Manifest.Start(id, "reference", "test", TestScenarios.Small(ticks: 6), ["test"]), heartbeatInterval: heartbeat);
    }

    private static IEnumerable<TickMetrics> Ticks(RunOutcome outcome) =>
        outcome.Metrics.GroupBy(r => r.Tick).Select(g => new TickMetrics("w", g.Key, 6, g.ToArray()));

    [Fact]
    public async Task Streamed_rows_grow_a_prefix_of_the_file_written_in_one_go()
    {
        var outcome = await ReferenceRun();
        using var whole = new MemoryStream();
        MetricsCsv.Write(whole, outcome.Metrics);
        using var writer = Start("stream");
        string path = writer.Folder.File(RunFolder.MetricsFile);

        foreach (var tick in Ticks(outcome))
        {
            writer.RecordTick(tick);
            byte[] sofar = ReadShared(path);
            Assert.True(whole.ToArray().AsSpan(0, sofar.Length).SequenceEqual(sofar), $"not a prefix after tick {tick.Tick}");
        }
        var end = writer.Finish(outcome, []);

        Assert.Equal(RunStatus.Completed, end.Status);
        Assert.Equal(whole.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public async Task The_heartbeat_is_rewritten_while_the_run_lives_even_without_a_new_tick()
    {
        var outcome = await ReferenceRun();
        using var writer = Start("beat", heartbeat: TimeSpan.FromMilliseconds(50));
        writer.RecordTick(Ticks(outcome).First());
        string manifest = writer.Folder.File(RunFolder.ManifestFile);
        var first = Heartbeat(manifest);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        (int? Tick, DateTimeOffset Updated) later;
        do
        {
            await Task.Delay(50);
            later = Heartbeat(manifest);
        }
        while (later.Updated <= first.Updated && DateTime.UtcNow < deadline);

        Assert.True(later.Updated > first.Updated, "the heartbeat never moved");
        Assert.Equal(0, later.Tick);
        var json = CliHarness.ReadJson(manifest);
        Assert.Equal(Environment.ProcessId, json.GetProperty("pid").GetInt32());
        Assert.Equal(Environment.MachineName, json.GetProperty("machine_name").GetString());
        Assert.Equal("running", json.GetProperty("status").GetString());
        Assert.Equal(FolderState.Running, RunLiveness.OfFolder(writer.Folder.Path, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_completed_outcome_missing_a_tick_is_recorded_as_failed()
    {
        var outcome = await ReferenceRun();
        using var writer = Start("short");
        var shortened = outcome with { Metrics = outcome.Metrics.Take(outcome.Metrics.Count - 1).ToArray() };

        var end = writer.Finish(shortened, []);

        Assert.Equal(RunStatus.Failed, end.Status);
        Assert.Equal("failed", CliHarness.ReadJson(writer.Folder.File(RunFolder.ManifestFile)).GetProperty("status").GetString());
        Assert.False(File.Exists(writer.Folder.File(RunFolder.SummaryFile)));
    }

    [Fact]
    public async Task When_the_final_manifest_cannot_be_written_a_short_failed_one_replaces_it_in_place()
    {
        var outcome = await ReferenceRun();
        using var writer = Start("no-space");
        foreach (var tick in Ticks(outcome))
        {
            writer.RecordTick(tick);
        }
        // The atomic write's temporary file cannot be created (a folder is in its way), as on a full disk.
        Directory.CreateDirectory(writer.Folder.File(RunFolder.ManifestFile + AtomicFile.TempSuffix));

        var end = writer.Finish(outcome, []);

        Assert.True(end.ManifestWritten);
        Assert.Equal(RunStatus.Failed, end.Status);
        Assert.Contains("writing the manifest failed", end.Error);
        var manifest = CliHarness.ReadJson(writer.Folder.File(RunFolder.ManifestFile));
        Assert.Equal("failed", manifest.GetProperty("status").GetString());
        Assert.Equal("no-space", manifest.GetProperty("run_id").GetString());
        Assert.Equal(FolderState.Failed, RunLiveness.OfFolder(writer.Folder.Path, DateTimeOffset.UtcNow));
    }

    [Theory]
    [InlineData("this-host", 1, 0, 10, false)]     // live pid, fresh heartbeat
    [InlineData("this-host", 2, 0, 10, true)]      // pid gone
    [InlineData("this-host", 3, 0, 10, true)]      // pid reused by a process started after the run
    [InlineData("this-host", 1, 0, 120, true)]     // live pid but silent for two minutes (hung)
    [InlineData("other-host", 2, 0, 10, false)]    // another host: only the heartbeat counts
    [InlineData("other-host", 2, 0, 61, true)]
    public void The_stale_rule(string host, int pid, int startedSecondsAgoOffset, int heartbeatSecondsAgo, bool stale)
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var started = now.AddMinutes(-10).AddSeconds(startedSecondsAgoOffset);
        var probe = new FakeProbe("this-host", new() { [1] = started.AddMinutes(-1), [3] = started.AddMinutes(5) });

        Assert.Equal(stale, RunLiveness.IsStale(host, pid, started, now.AddSeconds(-heartbeatSecondsAgo), now, probe));
    }

    private sealed class FakeProbe(string host, Dictionary<int, DateTimeOffset> processes) : IProcessProbe
    {
        public string HostName => host;
        public DateTimeOffset? StartTimeUtc(int pid) => processes.TryGetValue(pid, out var t) ? t : null;
    }

    private static (int? Tick, DateTimeOffset Updated) Heartbeat(string manifest)
    {
        var beat = CliHarness.ReadJson(manifest).GetProperty("heartbeat");
        var tick = beat.GetProperty("last_tick");
        return (tick.ValueKind == JsonValueKind.Null ? null : tick.GetInt32(), beat.GetProperty("updated_utc").GetDateTimeOffset());
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
