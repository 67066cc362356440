using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansGov.Client.Dashboard;
using OrleansGov.Client.Results;
using OrleansGov.Tests.Cli;
using Serilog;

namespace OrleansGov.Tests.Dashboard;

/// <summary>
/// Issue 14, item 15: stopping the dashboard cancels its live runs and records them <c>cancelled</c> with
/// the ticks done (never <c>running</c> with no metrics); after a restart every folder is listed with its
/// status — completed, failed, cancelled, and stale for a folder whose run is gone.
/// </summary>
public sealed class DashboardStopTests : IDisposable
{
    private const string Token = "stop-token-0123";
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Stopping_records_live_runs_cancelled_with_their_ticks_and_a_restart_lists_every_folder()
    {
        string results = _dir.Combine("results");
        var logger = new LoggerConfiguration().MinimumLevel.Error().CreateLogger();
        string runId;
        var server = await DashboardServer.StartAsync(new DashboardOptions("127.0.0.1", 0, null, results, Token), logger, CancellationToken.None);
        try
        {
            using var http = Client(server);
            runId = await StartAsync(http, "small", 1_000_000);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}")).GetProperty("run").GetProperty("ticks_done").GetInt32() < 3)
            {
                Assert.True(DateTime.UtcNow < deadline, "the run did not start");
                await Task.Delay(50);
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
        string folder = Path.Combine(results, runId);
        var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, RunFolder.ManifestFile))).RootElement;
        Assert.Equal("cancelled", manifest.GetProperty("status").GetString());
        Assert.Contains("dashboard stopped", manifest.GetProperty("error").GetString());
        int ticks = manifest.GetProperty("ticks_completed").GetInt32();
        Assert.True(ticks >= 3, $"{ticks} ticks recorded");
        var lines = await File.ReadAllLinesAsync(Path.Combine(folder, RunFolder.MetricsFile));
        Assert.Equal(1 + ticks * 3, lines.Length); // header + ticks × (nation + 2 provinces): every tick done is kept

        // Folders of every status, as a restart finds them.
        // Stale by the one liveness rule (RunLiveness): this host's process gone, or a heartbeat hours old.
        WriteManifest(results, "left-failed", "failed", "where", DateTime.UtcNow);
        WriteManifest(results, "left-by-another-dashboard", "running", RunRecorder.WherePrefix + "embedded silo on 127.0.0.1:1 (gateway 127.0.0.1:2)", DateTime.UtcNow,
            pid: int.MaxValue); // above any pid_max: no such process
        WriteManifest(results, "quiet-for-hours", "running", "embedded silo on 127.0.0.1:3", DateTime.UtcNow.AddHours(-3), host: "another-host");
        WriteManifest(results, "cli-run-now", "running", "embedded silo on 127.0.0.1:4", DateTime.UtcNow);
        var restarted = await DashboardServer.StartAsync(new DashboardOptions("127.0.0.1", 0, null, results, Token), logger, CancellationToken.None);
        try
        {
            using var http = Client(restarted);
            var runs = (await http.GetFromJsonAsync<JsonElement>("/api/runs")).EnumerateArray()
                .ToDictionary(r => r.GetProperty("run_id").GetString()!, r => r.GetProperty("status").GetString());
            Assert.Equal("cancelled", runs[runId]);
            Assert.Equal("failed", runs["left-failed"]);
            Assert.Equal("stale", runs["left-by-another-dashboard"]);
            Assert.Equal("stale", runs["quiet-for-hours"]);
            Assert.Equal("running", runs["cli-run-now"]);
            // A cancelled folder's metrics can still be read and streamed.
            var rows = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/metrics");
            Assert.Equal(Math.Min(ticks, new DashboardLimits().PageTicks) * 3, rows.GetArrayLength());
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }

    /// <summary>The real thing: <c>orleansgov dashboard</c> in its own process gets SIGTERM with a run going.</summary>
    [Fact]
    public async Task Sigterm_to_the_dashboard_process_records_its_live_run_cancelled()
    {
        string results = _dir.Combine("sigterm");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])["exec", Path.Combine(AppContext.BaseDirectory, "orleansgov.dll"), "dashboard", "--port", "0", "--results", results])
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ORLEANSGOV_DASHBOARD_TOKEN"] = Token;
        start.Environment["DOTNET_TC_QuickJit"] = "1"; // starts in half the time; this test measures no speed
        var url = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
                if (line.StartsWith("OrleansGov dashboard: ", StringComparison.Ordinal))
                {
                    url.TrySetResult(line["OrleansGov dashboard: ".Length..].Split("/#")[0]);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue("stderr: " + line);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            string address = await url.Task.WaitAsync(TimeSpan.FromSeconds(90));
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add(ApiSecurity.TokenHeader, Token);
            string runId = await StartAsync(http, "small", 1_000_000);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}")).GetProperty("run").GetProperty("ticks_done").GetInt32() < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, "the run did not start");
                await Task.Delay(50);
            }
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(results, runId, RunFolder.ManifestFile))).RootElement;
            Assert.True(manifest.GetProperty("status").GetString() == "cancelled", string.Join("\n", output));
            Assert.True(manifest.GetProperty("ticks_completed").GetInt32() >= 2);
            Assert.True(File.Exists(Path.Combine(results, runId, RunFolder.MetricsFile)));
        }
        catch (TimeoutException)
        {
            Assert.Fail("timed out; the dashboard printed:\n" + string.Join("\n", output));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static HttpClient Client(DashboardServer server)
    {
        var http = new HttpClient { BaseAddress = new Uri(server.Url), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add(ApiSecurity.TokenHeader, Token);
        return http;
    }

    private static async Task<string> StartAsync(HttpClient http, string preset, int ticks)
    {
        using var response = await http.PostAsJsonAsync("/api/runs", new { preset, ticks });
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("run").GetProperty("run_id").GetString()!;
    }

    /// <summary>A results folder as another process left it: a manifest with the given status and where, files last written at <paramref name="written"/>.</summary>
    /// <summary>A manifest as a run by <paramref name="pid"/> (default this process) on <paramref name="host"/> (default this one) last beat at <paramref name="written"/>.</summary>
    private static void WriteManifest(string results, string runId, string status, string where, DateTime written, int? pid = null, string? host = null)
    {
        string folder = Path.Combine(results, runId);
        Directory.CreateDirectory(folder);
        var beat = new DateTimeOffset(written, TimeSpan.Zero);
        var manifest = Manifest.Start(runId, "orleans", where, OrleansGov.Scenarios.ScenarioLoader.Load("small"), ["run", "small"]) with
        {
            Status = status,
            Pid = pid ?? Environment.ProcessId,
            MachineName = host ?? Environment.MachineName,
            StartedUtc = beat.AddSeconds(-1),
            Heartbeat = new RunHeartbeat(0, beat),
        };
        string path = Path.Combine(folder, RunFolder.ManifestFile);
        File.WriteAllBytes(path, manifest.ToUtf8());
        File.SetLastWriteTimeUtc(path, written);
    }
}
