using OrleansGov.Client;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;
using OrleansGov.Engine;
using OrleansGov.Metrics;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Cli;

namespace OrleansGov.Tests.Experiments;

/// <summary>Issue 14 item 6: one writer per batch folder; a second is refused by name, a dead one's lock is taken over.</summary>
public sealed class BatchLockTests : IDisposable
{
    /// <summary>Long enough (on the Orleans engine) to be killed mid-run; few columns, so the report is cheap.</summary>
    private static string Experiment(int ticks) => $"""
        name: locked
        scenario: small
        seed: 3
        ticks: {ticks}
        replicates: 2
        keep:
          metrics: [cloud_adoption]
          scopes: [nation]
        milestones: []
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_second_writer_on_a_batch_folder_is_refused_with_who_holds_it()
    {
        string file = _dir.Write("locked.yaml", Experiment(20));
        string output = _dir.Combine("locked");
        using var inEngine = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var first = CliHarness.RunAsync(["batch", file, "--out", output, "--engine", "reference", "--quiet"], timeout.Token,
            wrapEngine: inner => new HeldEngine(inner, inEngine, release));
        try
        {
            Assert.True(await inEngine.WaitAsync(TimeSpan.FromMinutes(1)), "the first batch never reached its engine");

            var second = await CliHarness.RunAsync("batch", file, "--out", output, "--engine", "reference", "--quiet", "--resume");
            var report = await CliHarness.RunAsync("report", output);

            Assert.True(second.ExitCode == ExitCodes.BadInput, second.ToString());
            Assert.Contains($"is in use by pid {Environment.ProcessId} on host {Environment.MachineName}", second.Error);
            Assert.Equal(ExitCodes.BadInput, report.ExitCode);
            Assert.Contains("in use by pid", report.Error);
        }
        finally
        {
            release.Release(100);
        }
        var done = await first;
        Assert.True(done.ExitCode == ExitCodes.Ok, done.ToString());
        Assert.False(File.Exists(Path.Combine(output, FolderLock.OwnerFile)), "the owner file goes with the lock");

        var again = await CliHarness.RunAsync("batch", file, "--out", output, "--engine", "reference", "--quiet", "--resume");
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
    }

    [Fact]
    public async Task The_lock_of_a_killed_batch_is_taken_over_by_the_next_resume()
    {
        string file = _dir.Write("locked.yaml", Experiment(3000));
        string output = _dir.Combine("locked");
        int killedPid;
        using (var child = CliProcess.Start("true", "", "batch", file, "--out", output, "--engine", "orleans", "--quiet"))
        {
            killedPid = child.Pid;
            string owner = Path.Combine(output, FolderLock.OwnerFile);
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!File.Exists(owner) || !Directory.EnumerateFiles(output, RunFolder.MetricsFile, SearchOption.AllDirectories).Any())
            {
                Assert.False(child.HasExited, "the batch ended before it could be killed");
                Assert.True(DateTime.UtcNow < deadline, "the batch never started a run");
                await Task.Delay(50);
            }
            Assert.Contains($"\"pid\": {killedPid}", File.ReadAllText(owner));
            child.Kill9();
        }

        var resumed = await CliHarness.RunAsync("batch", file, "--out", output, "--engine", "reference", "--quiet", "--resume");

        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        Assert.Contains($"took over {output} from pid {killedPid}", resumed.Error);
    }

    [Fact]
    public void An_owner_file_naming_a_live_writer_is_refused_even_without_the_os_lock()
    {
        string folder = _dir.Combine("f");
        Directory.CreateDirectory(folder);
        var now = DateTimeOffset.UtcNow;
        File.WriteAllText(Path.Combine(folder, FolderLock.OwnerFile),
            $$"""{ "pid": 4242, "host": "elsewhere", "started_utc": "{{now.AddMinutes(-1):O}}", "updated_utc": "{{now:O}}", "command": "orleansgov batch x" }""");

        using var taken = FolderLock.TryAcquire(folder, "test", out string? problem);

        Assert.Null(taken);
        Assert.Contains("in use by pid 4242 on host elsewhere", problem);
    }

    /// <summary>Signals when a run reaches the engine, then holds it until released.</summary>
    private sealed class HeldEngine(ISimulationEngine inner, SemaphoreSlim reached, SemaphoreSlim release) : ISimulationEngine
    {
        public string Name => inner.Name;

        public async Task<RunOutcome> RunAsync(string runId, Scenario scenario, IProgress<TickMetrics>? progress, CancellationToken cancellationToken)
        {
            reached.Release();
            await release.WaitAsync(cancellationToken);
            return await inner.RunAsync(runId, scenario with { }, progress, cancellationToken);
        }
    }
}
