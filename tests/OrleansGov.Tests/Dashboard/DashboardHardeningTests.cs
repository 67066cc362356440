using System.Net;
using System.Text.Json;
using OrleansGov.Client.Dashboard;
using OrleansGov.Client.Results;
using OrleansGov.Model;
using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Dashboard;

/// <summary>
/// Issue 14, items 11–14 and 19 against the shared dashboard: stream caps and the shared feed, history
/// in pages, the admission limit, unknown ids without activations, the Host check, and dashboard runs
/// closed through <see cref="RunEnding"/>.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardHardeningTests(DashboardFixture dashboard)
{
    private IGrainFactory Grains => (IGrainFactory)dashboard.Server.Services.GetService(typeof(IGrainFactory))!;

    [Fact]
    public async Task Streams_beyond_the_per_client_limit_get_429_with_a_reason_and_every_stream_of_a_run_shares_one_feed()
    {
        string runId = await dashboard.StartAsync("small", 100_000);
        await dashboard.WaitForAsync(runId, r => r.GetProperty("ticks_done").GetInt32() >= 3);
        await dashboard.PostAsync($"/api/runs/{runId}/pause");
        await dashboard.WaitForAsync(runId, r => r.GetProperty("status").GetString() == "paused");
        int limit = new DashboardLimits().MaxStreamsPerClient;
        var open = new List<(HttpResponseMessage Response, Stream Body)>();
        try
        {
            for (int i = 0; i < limit; i++)
            {
                var response = await OpenStreamAsync($"/api/runs/{runId}/metrics");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var body = await response.Content.ReadAsStreamAsync();
                await ReadUntilAsync(body, "event: metric"); // the history arrives
                open.Add((response, body));
            }
            Assert.Equal(1, dashboard.Server.Runs.Feeds.Count); // one feed (one subscription) for all of them
            Assert.Equal(limit, dashboard.Server.Runs.Gate.Open);

            using (var refused = await OpenStreamAsync($"/api/runs/{runId}/metrics"))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
                Assert.Contains("limit", Error(await refused.Content.ReadAsStringAsync()));
                Assert.NotNull(refused.Headers.RetryAfter);
            }
            // Giving a place back admits the next one.
            open[0].Response.Dispose();
            open.RemoveAt(0);
            await Eventually(() => dashboard.Server.Runs.Gate.Open == limit - 1);
            var again = await OpenStreamAsync($"/api/runs/{runId}/metrics");
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            open.Add((again, await again.Content.ReadAsStreamAsync()));
        }
        finally
        {
            foreach (var (response, _) in open)
            {
                response.Dispose();
            }
            await dashboard.PostAsync($"/api/runs/{runId}/cancel");
        }
        await Eventually(() => dashboard.Server.Runs.Gate.Open == 0 && dashboard.Server.Runs.Feeds.Count == 0);
    }

    [Fact]
    public async Task Json_metrics_come_in_pages_with_a_link_to_the_next()
    {
        string runId = await dashboard.StartAsync("small", 10);
        await dashboard.WaitForAsync(runId, DashboardFixture.Finished);
        using var first = await dashboard.Http.GetAsync($"/api/runs/{runId}/metrics?limit=4");
        var rows = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(4 * 3, rows.GetArrayLength());
        Assert.Contains($"/api/runs/{runId}/metrics?from=4&limit=4", first.Headers.GetValues("Link").Single());
        using var last = await dashboard.Http.GetAsync($"/api/runs/{runId}/metrics?from=8&limit=4");
        Assert.Equal(2 * 3, JsonDocument.Parse(await last.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        Assert.False(last.Headers.Contains("Link"));
        using var capped = await dashboard.Http.GetAsync($"/api/runs/{dashboard.StoredRunId}/metrics?limit=100000");
        Assert.Equal(6 * 3, JsonDocument.Parse(await capped.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        using var bad = await dashboard.Http.GetAsync($"/api/runs/{runId}/metrics?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_scenario_too_large_for_the_machine_is_422_with_the_reason_and_writes_nothing()
    {
        // 31 provinces of 350,000 counties: ~110 M agents (issue 14, item 12).
        string provinces = string.Concat(Enumerable.Range(0, 31).Select(i => $"  - {{ name: p{i}, cities: 25, counties: 350000, enterprises: 20 }}\n"));
        string yaml = $"name: huge\nseed: 1\nticks: 10\nmode: authority\nprovinces:\n{provinces}";
        var before = Directory.GetDirectories(dashboard.Results.Path).Length;
        using var response = await dashboard.PostAsync("/api/runs", new { yaml });
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        Assert.Contains("agents", Error(text));
        Assert.Equal(before, Directory.GetDirectories(dashboard.Results.Path).Length);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413_with_the_reason()
    {
        string yaml = "# " + new string('x', (int)new DashboardLimits().MaxBodyBytes) + "\nname: x\n";
        using var response = await dashboard.PostAsync("/api/runs", new { yaml });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than", Error(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Unknown_run_ids_are_404_without_activating_a_coordinator()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => "ghost-" + Guid.NewGuid().ToString("N")).ToList();
        foreach (var id in ids)
        {
            foreach (var path in new[] { $"/api/runs/{id}", $"/api/runs/{id}/metrics", $"/api/runs/{id}/agents/nation" })
            {
                using var response = await dashboard.Http.GetAsync(path);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }
        using (var post = await dashboard.PostAsync($"/api/runs/{ids[0]}/pause"))
        {
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }
        var management = Grains.GetGrain<IManagementGrain>(0);
        var activations = await management.GetDetailedGrainStatistics();
        var keys = activations.Select(a => a.GrainId.Key.ToString()).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(ids, keys.Contains);
        Assert.Contains(activations, a => a.GrainId.Key.ToString() == IRunRegistryKey); // the check itself: the registry is live
    }

    private const string IRunRegistryKey = OrleansGov.Runs.IRunRegistryGrain.Key;

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:1234")]
    [InlineData("127.0.0.1.evil.example")]
    public async Task A_host_header_naming_another_site_is_refused_before_anything_is_read(string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
        request.Headers.Host = host;
        using var response = await dashboard.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        Assert.Contains("--allowed-host", Error(await response.Content.ReadAsStringAsync()));
        foreach (var ours in new[] { "localhost", "127.0.0.1", $"127.0.0.1:{new Uri(dashboard.Server.Url).Port}", "[::1]:80" })
        {
            var fine = new HttpRequestMessage(HttpMethod.Get, "/api/presets");
            fine.Headers.Host = ours;
            using var ok = await dashboard.Http.SendAsync(fine);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
    }

    [Fact]
    public async Task A_results_write_failure_ends_the_folder_failed_through_the_one_closing_function()
    {
        string runId = await dashboard.StartAsync("small", 4, paused: true);
        string folder = dashboard.Results.Combine(runId);
        Directory.CreateDirectory(Path.Combine(folder, RunFolder.MetricsFile)); // metrics.csv cannot be written
        await dashboard.PostAsync($"/api/runs/{runId}/resume");
        await dashboard.WaitForAsync(runId, DashboardFixture.Finished);
        await dashboard.Server.Runs.WaitRecordedAsync();
        var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, RunFolder.ManifestFile))).RootElement;
        Assert.Equal("failed", manifest.GetProperty("status").GetString());
        Assert.Contains("writing results failed", manifest.GetProperty("error").GetString());
        Assert.False(File.Exists(Path.Combine(folder, RunFolder.SummaryFile)));
    }

    [Fact]
    public async Task A_dashboard_run_writes_run_log_with_its_start_and_end()
    {
        string runId = await dashboard.StartAsync("small", 3);
        await dashboard.WaitForAsync(runId, DashboardFixture.Finished);
        await dashboard.Server.Runs.WaitRecordedAsync();
        string folder = dashboard.Results.Combine(runId);
        string log = await File.ReadAllTextAsync(Path.Combine(folder, RunFolder.LogFile));
        Assert.Contains($"orleansgov.dashboard: Run {runId}: small seed", log);
        Assert.Contains($"Run {runId} ended completed after 3 ticks", log);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} [+-]\d{2}:\d{2} \[INF\]", log); // date and zone
        var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, RunFolder.ManifestFile))).RootElement;
        Assert.Contains(RunFolder.LogFile, manifest.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task The_page_is_told_no_server_paths()
    {
        string runs = await dashboard.Http.GetStringAsync("/api/runs");
        Assert.DoesNotContain(dashboard.Results.Path, runs);
        Assert.DoesNotContain("results_path", runs);
    }

    private Task<HttpResponseMessage> OpenStreamAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        return dashboard.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static async Task ReadUntilAsync(Stream body, string text)
    {
        var buffer = new byte[8192];
        var seen = new System.Text.StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!seen.ToString().Contains(text, StringComparison.Ordinal))
        {
            int n = await body.ReadAsync(buffer, timeout.Token);
            Assert.True(n > 0, "the stream ended before: " + text);
            seen.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, n));
        }
    }

    internal static async Task Eventually(Func<bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(20);
        }
    }

    internal static string Error(string json) => JsonDocument.Parse(json).RootElement.GetProperty("error").GetString()!;
}

/// <summary>Pure checks of the pieces behind the dashboard's limits.</summary>
public sealed class DashboardLimitUnitTests
{
    [Fact]
    public void Stream_gate_caps_per_client_and_in_total_and_leases_give_places_back()
    {
        var gate = new StreamGate(new DashboardLimits(MaxStreams: 3, MaxStreamsPerClient: 2));
        var a1 = gate.TryEnter("a", out _);
        var a2 = gate.TryEnter("a", out _);
        Assert.NotNull(a1);
        Assert.NotNull(a2);
        Assert.Null(gate.TryEnter("a", out string? perClient));
        Assert.Contains("per client", perClient);
        var b1 = gate.TryEnter("b", out _);
        Assert.NotNull(b1);
        Assert.Null(gate.TryEnter("c", out string? total));
        Assert.Contains("live streams (limit 3)", total);
        a1!.Dispose();
        a1.Dispose(); // twice gives one place back
        Assert.Equal(2, gate.Open);
        Assert.NotNull(gate.TryEnter("c", out _));
    }

    [Fact]
    public void Agents_are_counted_arithmetically_exactly_as_the_world_counts_them()
    {
        foreach (var preset in ScenarioLoader.Presets())
        {
            var scenario = ScenarioLoader.Load(preset.Name);
            Assert.Equal(new World(scenario).AgentCount, ScenarioSize.Agents(scenario));
        }
        var huge = ScenarioLoader.Load("small");
        huge = huge with { Provinces = [.. huge.Provinces.Select(p => p with { Counties = int.MaxValue, CitizenGroupsPerCounty = int.MaxValue })] };
        Assert.True(ScenarioSize.Agents(huge) > 1L << 62); // no overflow to a small or negative count
    }

    [Fact]
    public void Admission_refuses_by_agents_and_by_memory_with_the_figures()
    {
        var small = ScenarioLoader.Load("small");
        long agents = ScenarioSize.Agents(small);
        Assert.Null(new MemoryAdmission(maxAgents: agents, availableBytes: long.MaxValue).Refuse(small));
        Assert.Contains($"at most {agents - 1:N0}", new MemoryAdmission(maxAgents: agents - 1, availableBytes: long.MaxValue).Refuse(small));
        Assert.Contains("GB of memory", new MemoryAdmission(maxAgents: long.MaxValue, availableBytes: 1_000).Refuse(small));
        Assert.Contains("ticks of stored metrics", new MemoryAdmission(maxAgents: long.MaxValue, availableBytes: agents * MemoryAdmission.BytesPerAgent)
            .Refuse(small with { Ticks = 100_000_000 }));
    }

    [Theory]
    [InlineData("127.0.0.1", "localhost:5080", true)]
    [InlineData("127.0.0.1", "[::1]:5080", true)]
    [InlineData("127.0.0.1", "LOCALHOST", true)]
    [InlineData("127.0.0.1", "evil.example", false)]
    [InlineData("127.0.0.1", "", false)]
    [InlineData("127.0.0.1", "10.1.2.3:5080", false)]
    [InlineData("10.1.2.3", "10.1.2.3:5080", true)]
    [InlineData("10.1.2.3", "localhost:5080", false)]
    public void Allowed_hosts_are_the_listening_addresses_and_their_loopback_names(string listen, string host, bool allowed) =>
        Assert.Equal(allowed, new AllowedHosts(IPAddress.Parse(listen), []).Allows(host));

    [Fact]
    public void Allowed_hosts_take_extra_names_and_any_address_takes_this_machine()
    {
        Assert.True(new AllowedHosts(IPAddress.Loopback, ["dash.example.org"]).Allows("dash.example.org:443"));
        var any = new AllowedHosts(IPAddress.Any, []);
        Assert.True(any.Allows(Dns.GetHostName()));
        Assert.True(any.Allows("127.0.0.1:5080"));
        Assert.False(any.Allows("evil.example"));
    }
}

/// <summary>The metric list the page charts comes from the contract, with one declared place for labels and [0, 1].</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardMetricCatalogTests(DashboardFixture dashboard)
{
    [Fact]
    public void Every_metric_column_is_declared_once_in_MetricInfo()
    {
        var undeclared = OrleansGov.Client.Results.MetricColumns.All.Select(c => c.Name).Where(n => !OrleansGov.Client.Experiments.MetricInfo.IsDeclared(n)).ToList();
        Assert.True(undeclared.Count == 0, "declare label, unit, [0, 1] and key in Client/Experiments/MetricInfo.cs for: " + string.Join(", ", undeclared));
    }

    [Fact]
    public async Task Get_metrics_lists_every_column_in_contract_order_with_its_bounds()
    {
        var metrics = (await dashboard.GetJsonAsync("/api/metrics")).EnumerateArray().ToList();
        Assert.Equal(OrleansGov.Client.Results.MetricColumns.All.Select(c => c.Name), metrics.Select(m => m.GetProperty("name").GetString()));
        var adoption = metrics.Single(m => m.GetProperty("name").GetString() == "cloud_adoption");
        Assert.True(adoption.GetProperty("unit_interval").GetBoolean());
        Assert.True(adoption.GetProperty("key").GetBoolean());
        var messages = metrics.Single(m => m.GetProperty("name").GetString() == "coordination_messages");
        Assert.False(messages.GetProperty("unit_interval").GetBoolean());
        Assert.True(messages.GetProperty("count").GetBoolean());
        string page = await dashboard.Http.GetStringAsync("/static/app.js");
        Assert.DoesNotContain("\"share_within_rate\"", page); // the page keeps no list of its own
    }
}
