using System.Net;
using System.Text.Json;

namespace OrleansGov.Tests.Dashboard;

/// <summary>Every endpoint of the dashboard's API over a real socket: happy paths, 401, 403, 404, 400, 409.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardApiTests(DashboardFixture dashboard)
{
    private const string Json = "application/json";

    [Fact]
    public async Task Page_and_vendored_chart_library_are_served_locally()
    {
        string page = await dashboard.Http.GetStringAsync("/");
        Assert.Contains("/static/vendor/uPlot.iife.min.js", page);
        Assert.DoesNotContain("https://", page); // nothing from a CDN
        Assert.Contains("data:,", page);        // no favicon request
        foreach (var path in new[] { "/static/app.js", "/static/app.css", "/static/vendor/uPlot.iife.min.js", "/static/vendor/uPlot.min.css", "/static/vendor/uPlot.LICENSE.txt" })
        {
            using var response = await dashboard.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Contains("MIT License", await dashboard.Http.GetStringAsync("/static/vendor/uPlot.LICENSE.txt"));
        using var missing = await dashboard.Http.GetAsync("/static/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Orleans_runtime_dashboard_is_mounted_under_orleans()
    {
        using var response = await dashboard.Http.GetAsync("/orleans/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("html", (await response.Content.ReadAsStringAsync()).ToLowerInvariant());
    }

    [Fact]
    public async Task Presets_are_listed()
    {
        var presets = await dashboard.GetJsonAsync("/api/presets");
        Assert.Contains(presets.EnumerateArray(), p => p.GetProperty("name").GetString() == "small");
    }

    [Fact]
    public async Task Runs_list_shows_cluster_runs_and_completed_results_folders()
    {
        string runId = await dashboard.StartAsync("small", 4);
        await dashboard.WaitForAsync(runId, DashboardFixture.Finished);
        var runs = (await dashboard.GetJsonAsync("/api/runs")).EnumerateArray().ToList();
        var stored = Assert.Single(runs, r => r.GetProperty("run_id").GetString() == dashboard.StoredRunId);
        Assert.Equal("results", stored.GetProperty("source").GetString());
        Assert.Equal("completed", stored.GetProperty("status").GetString());
        var live = Assert.Single(runs, r => r.GetProperty("run_id").GetString() == runId);
        Assert.Equal("cluster", live.GetProperty("source").GetString());
        Assert.Equal("small", live.GetProperty("scenario").GetString());
        Assert.Equal(4, live.GetProperty("ticks_done").GetInt32());
        Assert.True(live.GetProperty("agents").GetInt64() > 0);
        Assert.True(live.GetProperty("agent_ticks_per_second").GetDouble() > 0);
        Assert.Equal(0.85, live.GetProperty("dials").GetProperty("vertical").GetDouble());
    }

    [Fact]
    public async Task Start_needs_the_token_and_changes_nothing_without_it()
    {
        int before = (await dashboard.GetJsonAsync("/api/runs")).GetArrayLength();
        using (var none = await dashboard.PostAsync("/api/runs", new { preset = "small", ticks = 2 }, token: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Contains("token", await none.Content.ReadAsStringAsync());
        }
        using (var wrong = await dashboard.PostAsync("/api/runs", new { preset = "small", ticks = 2 }, token: "nope"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        await Task.Delay(200);
        Assert.Equal(before, (await dashboard.GetJsonAsync("/api/runs")).GetArrayLength());
    }

    [Fact]
    public async Task Bearer_token_is_accepted_too()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs")
        {
            Content = new StringContent("""{"preset":"small","ticks":2}""", System.Text.Encoding.UTF8, Json),
        };
        request.Headers.Authorization = Bearer.Of(DashboardFixture.Token);
        using var response = await dashboard.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Cross_origin_posts_are_refused_even_with_the_token()
    {
        using var response = await dashboard.PostAsync("/api/runs", new { preset = "small", ticks = 2 }, origin: "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var sameSite = new HttpRequestMessage(HttpMethod.Post, "/api/runs")
        {
            Content = new StringContent("""{"preset":"small","ticks":2}""", System.Text.Encoding.UTF8, Json),
        };
        sameSite.Headers.Add("X-OrleansGov-Token", DashboardFixture.Token);
        sameSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var fetched = await dashboard.Http.SendAsync(sameSite);
        Assert.Equal(HttpStatusCode.Forbidden, fetched.StatusCode);
        // The page's own origin is fine.
        using var own = await dashboard.PostAsync("/api/runs", new { preset = "small", ticks = 2 }, origin: dashboard.Server.Url);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
    }

    [Theory]
    [InlineData("{not json", "malformed JSON")]
    [InlineData("""{"preset":"small","yaml":"name: x"}""", "exactly one")]
    [InlineData("""{}""", "exactly one")]
    [InlineData("""{"preset":"no-such-preset"}""", "unknown preset")]
    [InlineData("""{"preset":"/etc/passwd"}""", "unknown preset")]
    [InlineData("""{"preset":"small","ticks":0}""", "ticks")]
    [InlineData("""{"preset":"small","seed":-1}""", "seed")]
    [InlineData("""{"yaml":"name: broken\nticks: -3\n"}""", "request")]
    [InlineData("""{"preset":"small","ticks":"many"}""", "malformed JSON")]
    public async Task Malformed_start_requests_are_400_with_the_reason(string body, string reason)
    {
        using var response = await dashboard.PostAsync("/api/runs", body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, JsonDocument.Parse(text).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Start_refuses_a_body_that_is_not_json()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = new StringContent("preset=small") };
        request.Headers.Add("X-OrleansGov-Token", DashboardFixture.Token);
        using var response = await dashboard.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Start_from_yaml_text_runs_that_scenario()
    {
        string yaml = await File.ReadAllTextAsync(Path.Combine(FindRepoRoot(), "scenarios", "small.yaml"));
        using var response = await dashboard.PostAsync("/api/runs", new { yaml, ticks = 3, seed = 11 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(11UL, created.GetProperty("scenario").GetProperty("seed").GetUInt64());
        string runId = created.GetProperty("run").GetProperty("run_id").GetString()!;
        Assert.Equal($"/api/runs/{runId}", response.Headers.Location?.OriginalString);
        var done = await dashboard.WaitForAsync(runId, DashboardFixture.Finished);
        Assert.Equal("completed", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Unknown_runs_are_404_on_every_endpoint()
    {
        foreach (var path in new[] { "/api/runs/no-such-run", "/api/runs/no-such-run/metrics", "/api/runs/no-such-run/agents/nation" })
        {
            using var response = await dashboard.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("no-such-run", await response.Content.ReadAsStringAsync());
        }
        var sse = new HttpRequestMessage(HttpMethod.Get, "/api/runs/no-such-run/metrics");
        sse.Headers.Accept.ParseAdd("text/event-stream");
        using (var events = await dashboard.Http.SendAsync(sse))
        {
            Assert.Equal(HttpStatusCode.NotFound, events.StatusCode);
        }
        foreach (var verb in new[] { "pause", "resume", "cancel" })
        {
            using var response = await dashboard.PostAsync($"/api/runs/no-such-run/{verb}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        using var intervene = await dashboard.PostAsync("/api/runs/no-such-run/interventions", new { @event = "appoint-national-chief" });
        Assert.Equal(HttpStatusCode.NotFound, intervene.StatusCode);
    }

    [Fact]
    public async Task Run_detail_and_metrics_json_of_a_cluster_run()
    {
        string runId = await dashboard.StartAsync("small", 5);
        await dashboard.WaitForAsync(runId, DashboardFixture.Finished);
        var detail = await dashboard.GetJsonAsync($"/api/runs/{runId}");
        Assert.Equal("completed", detail.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal(2, detail.GetProperty("scenario").GetProperty("provinces").GetArrayLength());
        var rows = (await dashboard.GetJsonAsync($"/api/runs/{runId}/metrics")).EnumerateArray().ToList();
        Assert.Equal(5 * 3, rows.Count); // ticks × (nation + 2 provinces): aggregates only
        Assert.Equal(["nation", "north", "south"], rows.Where(r => r.GetProperty("tick").GetInt32() == 0).Select(r => r.GetProperty("scope").GetString()));
        Assert.True(rows[0].TryGetProperty("cloud_adoption", out _));
        var later = (await dashboard.GetJsonAsync($"/api/runs/{runId}/metrics?from=3")).EnumerateArray().ToList();
        Assert.Equal(2 * 3, later.Count);
    }

    [Fact]
    public async Task Detail_and_metrics_of_a_results_folder_run()
    {
        var detail = await dashboard.GetJsonAsync($"/api/runs/{dashboard.StoredRunId}");
        Assert.Equal("results", detail.GetProperty("run").GetProperty("source").GetString());
        var rows = await dashboard.GetJsonAsync($"/api/runs/{dashboard.StoredRunId}/metrics");
        Assert.Equal(6 * 3, rows.GetArrayLength());
        var events = await ReadEventsAsync($"/api/runs/{dashboard.StoredRunId}/metrics");
        Assert.Equal(6, events.Count(e => e.Type == "metric"));
        Assert.Equal("status", events[^1].Type);
        using var control = await dashboard.PostAsync($"/api/runs/{dashboard.StoredRunId}/pause");
        Assert.Equal(HttpStatusCode.Conflict, control.StatusCode);
    }

    [Fact]
    public async Task Metrics_as_server_sent_events_one_per_tick_then_the_final_status()
    {
        string runId = await dashboard.StartAsync("small", 8);
        var events = await ReadEventsAsync($"/api/runs/{runId}/metrics");
        var metrics = events.Where(e => e.Type == "metric").Select(e => e.Data).ToList();
        Assert.Equal(Enumerable.Range(0, 8), metrics.Select(m => m.GetProperty("tick").GetInt32()));
        Assert.All(metrics, m => Assert.Equal(3, m.GetProperty("rows").GetArrayLength()));
        Assert.Equal("status", events[^1].Type);
        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        var fromFive = await ReadEventsAsync($"/api/runs/{runId}/metrics?from=5");
        Assert.Equal([5, 6, 7], fromFive.Where(e => e.Type == "metric").Select(e => e.Data.GetProperty("tick").GetInt32()));
    }

    [Fact]
    public async Task Pause_stops_the_ticks_resume_continues_cancel_ends_and_each_needs_the_token()
    {
        string runId = await dashboard.StartAsync("small", 100_000);
        await using var cancelled = dashboard.CancelOnExit(runId);
        await dashboard.WaitForAsync(runId, r => r.GetProperty("ticks_done").GetInt32() >= 2);
        using (var refused = await dashboard.PostAsync($"/api/runs/{runId}/pause", token: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        Assert.Equal("running", (await dashboard.GetJsonAsync($"/api/runs/{runId}")).GetProperty("run").GetProperty("status").GetString());

        using (var pause = await dashboard.PostAsync($"/api/runs/{runId}/pause"))
        {
            Assert.Equal(HttpStatusCode.OK, pause.StatusCode);
        }
        var paused = await dashboard.WaitForAsync(runId, r => r.GetProperty("status").GetString() == "paused");
        int held = paused.GetProperty("ticks_done").GetInt32();
        await Task.Delay(400);
        Assert.Equal(held, (await dashboard.GetJsonAsync($"/api/runs/{runId}")).GetProperty("run").GetProperty("ticks_done").GetInt32());

        using (var refused = await dashboard.PostAsync($"/api/runs/{runId}/resume", token: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        Assert.Equal("paused", (await dashboard.GetJsonAsync($"/api/runs/{runId}")).GetProperty("run").GetProperty("status").GetString());
        using (var resume = await dashboard.PostAsync($"/api/runs/{runId}/resume"))
        {
            Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        }
        await dashboard.WaitForAsync(runId, r => r.GetProperty("ticks_done").GetInt32() > held + 1);

        using (var refused = await dashboard.PostAsync($"/api/runs/{runId}/cancel", token: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        using (var cancel = await dashboard.PostAsync($"/api/runs/{runId}/cancel"))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }
        var ended = await dashboard.WaitForAsync(runId, DashboardFixture.Finished);
        Assert.Equal("cancelled", ended.GetProperty("status").GetString());
        Assert.Contains("Cancelled", ended.GetProperty("error").GetString());
        using var unknownVerb = await dashboard.PostAsync($"/api/runs/{runId}/explode");
        Assert.Equal(HttpStatusCode.NotFound, unknownVerb.StatusCode);
    }

    [Fact]
    public async Task Interventions_need_the_token_validate_and_record_the_next_tick()
    {
        string runId = await dashboard.StartAsync("small", 20, paused: true);
        using (var refused = await dashboard.PostAsync($"/api/runs/{runId}/interventions", new { @event = "appoint-national-chief" }, token: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        var bad = new object[]
        {
            new { @event = "launch-rocket" },
            new { @event = "set-lever", lever = "linkage" },
            new { @event = "set-lever", lever = "charisma", value = 0.5 },
            new { @event = "set-lever", lever = "linkage", value = 1.5 },
            new { @event = "attention-shift", province = "atlantis", value = 0.1 },
            new { @event = "appoint-national-chief", value = 0.3 },
            new { @event = "set-dials" },
        };
        foreach (var body in bad)
        {
            using var response = await dashboard.PostAsync($"/api/runs/{runId}/interventions", body);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{JsonSerializer.Serialize(body)} → {(int)response.StatusCode}");
            Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("error", out _));
        }
        using (var malformed = await dashboard.PostAsync($"/api/runs/{runId}/interventions", "[1,2"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }
        Assert.DoesNotContain("set_lever", (await dashboard.GetJsonAsync($"/api/runs/{runId}")).GetProperty("scenario").GetProperty("timeline").ToString());

        using (var ok = await dashboard.PostAsync($"/api/runs/{runId}/interventions", new { @event = "appoint-national-chief" }))
        {
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
            var recorded = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(0, recorded.GetProperty("tick").GetInt32()); // held before tick 0
            Assert.Equal("appoint-national-chief", recorded.GetProperty("event").GetString());
        }
        var timeline = (await dashboard.GetJsonAsync($"/api/runs/{runId}")).GetProperty("scenario").GetProperty("timeline");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("kind").GetString() == "appoint_national_chief" && e.GetProperty("tick").GetInt32() == 0);

        await dashboard.PostAsync($"/api/runs/{runId}/resume");
        await dashboard.WaitForAsync(runId, DashboardFixture.Finished);
        using var late = await dashboard.PostAsync($"/api/runs/{runId}/interventions", new { @event = "appoint-national-chief" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task Agent_state_is_read_on_demand_from_the_grains()
    {
        string runId = await dashboard.StartAsync("small", 100_000);
        await dashboard.WaitForAsync(runId, r => r.GetProperty("ticks_done").GetInt32() >= 2);
        await dashboard.PostAsync($"/api/runs/{runId}/pause");
        await dashboard.WaitForAsync(runId, r => r.GetProperty("status").GetString() == "paused");
        try
        {
            var nation = await dashboard.GetJsonAsync($"/api/runs/{runId}/agents/nation");
            Assert.True(nation.GetProperty("active").GetBoolean());
            Assert.True(nation.GetProperty("ticks_done").GetInt32() >= 2);
            Assert.True(nation.GetProperty("state").EnumerateObject().Any());
            var provinces = nation.GetProperty("children").EnumerateArray().ToList();
            Assert.Equal(["p0.gov.0", "p1.gov.0"], provinces.Select(p => p.GetProperty("id").GetString()));
            Assert.Equal("north", provinces[0].GetProperty("label").GetString());

            var north = await dashboard.GetJsonAsync($"/api/runs/{runId}/agents/p0.gov.0");
            var children = north.GetProperty("children").EnumerateArray().ToList();
            Assert.Contains(children, c => c.GetProperty("kind").GetString() == "department");
            Assert.Contains(children, c => c.GetProperty("kind").GetString() == "government");
            string city = children.First(c => c.GetProperty("kind").GetString() == "government").GetProperty("id").GetString()!;
            var cityView = await dashboard.GetJsonAsync($"/api/runs/{runId}/agents/{city}");
            string county = cityView.GetProperty("children").EnumerateArray().First(c => c.GetProperty("kind").GetString() == "government").GetProperty("id").GetString()!;
            var countyView = await dashboard.GetJsonAsync($"/api/runs/{runId}/agents/{county}");
            Assert.Equal("county", countyView.GetProperty("level").GetString());
            string dept = countyView.GetProperty("children").EnumerateArray().First(c => c.GetProperty("kind").GetString() == "department").GetProperty("id").GetString()!;
            var deptView = await dashboard.GetJsonAsync($"/api/runs/{runId}/agents/{dept}");
            Assert.True(deptView.GetProperty("active").GetBoolean());
            Assert.True(deptView.GetProperty("state").EnumerateObject().Any());

            using (var badKey = await dashboard.Http.GetAsync($"/api/runs/{runId}/agents/not-an-agent"))
            {
                Assert.Equal(HttpStatusCode.BadRequest, badKey.StatusCode);
            }
            foreach (var absent in new[] { "p9.gov.0", "p0.c7.gov.0", "p0.c0.k0.dept.99" })
            {
                using var response = await dashboard.Http.GetAsync($"/api/runs/{runId}/agents/{absent}");
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }
        finally
        {
            await dashboard.PostAsync($"/api/runs/{runId}/cancel");
        }
    }

    internal sealed record Event(string Type, JsonElement Data);

    /// <summary>Reads a whole SSE response (the server ends it when the run has ended).</summary>
    private async Task<List<Event>> ReadEventsAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await dashboard.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<Event>();
        await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
        {
            events.Add(new Event(item.EventType, JsonDocument.Parse(item.Data).RootElement.Clone()));
        }
        return events;
    }

    internal static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrleansGov.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("OrleansGov.sln not found above " + AppContext.BaseDirectory);
    }
}
