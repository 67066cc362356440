using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansGov.Client.Dashboard;
using OrleansGov.Tests.Cli;
using Serilog;

namespace OrleansGov.Tests.Dashboard;

/// <summary>
/// One dashboard on a real socket (127.0.0.1, free port) with its embedded silo, a results folder that
/// already holds one completed run, and a known token. Shared by the dashboard's API, replay, watch and
/// browser tests; each test starts runs of its own.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string Token = "test-token-0123456789";

    public TempDir Results { get; } = new();

    public DashboardServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The run id of the completed results folder made by <c>orleansgov run</c> before the dashboard started.</summary>
    public string StoredRunId { get; } = "stored-small";

    public async Task InitializeAsync()
    {
        var made = await CliHarness.RunAsync("run", "small", "--ticks", "6", "--engine", "reference", "--out", Results.Path, "--run-id", StoredRunId, "--quiet");
        Assert.True(made.ExitCode == 0, made.ToString());
        var logger = new LoggerConfiguration().MinimumLevel.Error().CreateLogger();
        Server = await DashboardServer.StartAsync(new DashboardOptions("127.0.0.1", 0, null, Results.Path, Token), logger, CancellationToken.None);
        Http = new HttpClient { BaseAddress = new Uri(Server.Url), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Results.Dispose();
    }

    /// <summary>A POST with the token (or without, or with another) and a JSON body (or none).</summary>
    public Task<HttpResponseMessage> PostAsync(string path, object? body = null, string? token = Token, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (token is not null)
        {
            request.Headers.Add(ApiSecurity.TokenHeader, token);
        }
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (body is string raw)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: ApiJson.Options);
        }
        return Http.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Starts a preset through the API; returns the run id.</summary>
    public async Task<string> StartAsync(string preset, int ticks, bool paused = false, long? seed = null)
    {
        using var response = await PostAsync("/api/runs", new { preset, ticks, paused, seed });
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("run").GetProperty("run_id").GetString()!;
    }

    /// <summary>Cancels a long run when disposed, on every exit path of a test (a failed assertion too), so it never starves the collection.</summary>
    public IAsyncDisposable CancelOnExit(string runId) => new RunCanceller(this, runId);

    private sealed class RunCanceller(DashboardFixture fixture, string runId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            using var response = await fixture.PostAsync($"/api/runs/{Uri.EscapeDataString(runId)}/cancel");
        }
    }

    /// <summary>Polls the run until <paramref name="done"/> holds for its summary (or fails after the timeout).</summary>
    public async Task<JsonElement> WaitForAsync(string runId, Func<JsonElement, bool> done, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var run = (await GetJsonAsync($"/api/runs/{runId}")).GetProperty("run");
            if (done(run))
            {
                return run;
            }
            Assert.True(DateTime.UtcNow < deadline, $"run {runId} did not get there in {seconds} s; last: {run}");
            await Task.Delay(50);
        }
    }

    public static bool Finished(JsonElement run) => run.GetProperty("status").GetString() is "completed" or "failed" or "cancelled";
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}

/// <summary>Authorization header helper kept for tests that use the Bearer form.</summary>
internal static class Bearer
{
    public static AuthenticationHeaderValue Of(string token) => new("Bearer", token);
}
