using OrleansGov.Client;
using OrleansGov.Client.Results;

namespace OrleansGov.Tests.Cli;

/// <summary>
/// Issue 14 items 3 and 4 with the real CLI in a child process: a kill -9 leaves an exact prefix of the
/// final metrics.csv and a folder the stale rule recognises; a file-size limit or a failing console
/// ends with the manifest saying failed (with the error) and no temporary file left.
/// </summary>
public sealed class CrashAndWriteFailureTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_run_killed_mid_way_leaves_an_exact_prefix_of_its_metrics_and_a_stale_folder()
    {
        // Far more ticks than the child can make while the test watches it: with 3,000 (a few seconds of
        // `small`) the child had finished before a test host stalled at load ~40 read its manifest. It is
        // killed long before its end; the full run below is sized from what it wrote.
        const string childTicks = "10000000";
        string killed = _dir.Combine("killed");
        using (var child = CliProcess.Start("true", "", "run", "small", "--engine", "orleans", "--ticks", childTicks, "--out", _dir.Path, "--run-id", "killed", "--quiet"))
        {
            string metrics = Path.Combine(killed, RunFolder.MetricsFile);
            var deadline = DateTime.UtcNow + Generous;
            while (!File.Exists(metrics) || File.ReadAllLines(metrics).Length < 3 * 40)
            {
                Assert.False(child.HasExited, "the run ended before it could be killed");
                Assert.True(DateTime.UtcNow < deadline, "the run never got to tick 40");
                await Task.Delay(50);
            }
            var running = CliHarness.ReadJson(Path.Combine(killed, RunFolder.ManifestFile));
            Assert.Equal("running", running.GetProperty("status").GetString());
            Assert.Equal(child.Pid, running.GetProperty("pid").GetInt32());
            Assert.Equal(FolderState.Running, RunLiveness.OfFolder(killed, DateTimeOffset.UtcNow));
            child.Kill9();
        }

        byte[] partial = File.ReadAllBytes(Path.Combine(killed, RunFolder.MetricsFile));
        // A run's first ticks do not depend on its horizon, so a full run a few ticks longer than the
        // killed one's rows (small: 3 scopes a tick, one header line) holds everything it wrote.
        int rowsWritten = File.ReadAllLines(Path.Combine(killed, RunFolder.MetricsFile)).Length;
        string fullTicks = (rowsWritten / 3 + 5).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var full = await CliHarness.RunAsync("run", "small", "--engine", "reference", "--ticks", fullTicks, "--out", _dir.Path, "--run-id", "full", "--quiet");
        Assert.True(full.ExitCode == ExitCodes.Ok, full.ToString());
        byte[] complete = File.ReadAllBytes(_dir.Combine("full", RunFolder.MetricsFile));
        Assert.True(partial.Length < complete.Length, "the killed run should be partial");
        Assert.True(complete.AsSpan(0, partial.Length).SequenceEqual(partial), "the killed run's metrics.csv is not a prefix of the full run's");

        Assert.Equal(FolderState.Stale, RunLiveness.OfFolder(killed, DateTimeOffset.UtcNow));
        Assert.Equal(FolderState.Completed, RunLiveness.OfFolder(_dir.Combine("full"), DateTimeOffset.UtcNow));
        Assert.Empty(Directory.GetFiles(killed, "*.tmp"));
    }

    [Fact]
    public async Task A_file_size_limit_fails_the_run_with_its_error_and_leaves_no_temporary_file()
    {
        // 200 KiB: three-provinces' metrics.csv passes it around tick 220 of 260.
        using var child = CliProcess.Start("ulimit -f 200", "", "run", "three-provinces", "--engine", "reference", "--out", _dir.Path, "--run-id", "full-disk", "--quiet");
        var result = await child.WaitAsync(Generous);

        Assert.True(result.ExitCode == ExitCodes.Failed, result.ToString());
        Assert.Contains("writing results failed", result.Error);
        var manifest = CliHarness.ReadJson(_dir.Combine("full-disk", RunFolder.ManifestFile));
        Assert.Equal("failed", manifest.GetProperty("status").GetString());
        Assert.Contains("too large", manifest.GetProperty("error").GetString());
        int ticks = manifest.GetProperty("ticks_completed").GetInt32();
        Assert.InRange(ticks, 1, 259);
        // What the manifest counts is in the file: that many whole ticks (4 scopes each), perhaps part of the next.
        var lines = File.ReadAllText(_dir.Combine("full-disk", RunFolder.MetricsFile)).Split('\n');
        Assert.True(lines.Length - 2 >= ticks * 4, $"{lines.Length} lines for {ticks} ticks");
        Assert.Empty(Directory.GetFiles(_dir.Combine("full-disk"), "*.tmp"));
        Assert.False(File.Exists(_dir.Combine("full-disk", RunFolder.SummaryFile)));
    }

    [Fact]
    public async Task A_console_that_fails_fails_the_run_and_says_so_in_the_manifest()
    {
        using var child = CliProcess.Start("true", "> /dev/full", "run", "small", "--engine", "reference", "--out", _dir.Path, "--run-id", "no-stdout");
        var result = await child.WaitAsync(Generous);

        Assert.True(result.ExitCode == ExitCodes.Failed, result.ToString());
        var manifest = CliHarness.ReadJson(_dir.Combine("no-stdout", RunFolder.ManifestFile));
        Assert.Equal("failed", manifest.GetProperty("status").GetString());
        Assert.Contains("No space left on device", manifest.GetProperty("error").GetString());
        Assert.Empty(Directory.GetFiles(_dir.Combine("no-stdout"), "*.tmp"));
    }
}
