using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansGov.Scenarios;

using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace OrleansGov.Client.Dashboard;

/// <summary>The dashboard's JSON API (documented in the README, section Dashboard).</summary>
public static class DashboardApi
{
    public static void MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/presets", () => HttpResults.Ok(ScenarioLoader.Presets().Select(p => new { name = p.Name, description = p.Description })));
        api.MapGet("/interventions", () => HttpResults.Ok(InterventionRequest.EventNames));
        api.MapGet("/runs", async (RunService runs) => HttpResults.Ok(await runs.ListAsync()));
        api.MapPost("/runs", async (HttpContext http, RunService runs) =>
        {
            var request = await ReadBodyAsync<StartRequest>(http);
            string runId = await runs.StartAsync(request.ToScenario(), request.Paused);
            return HttpResults.Created($"/api/runs/{Uri.EscapeDataString(runId)}", await runs.GetAsync(runId));
        });
        api.MapGet("/runs/{id}", async (string id, RunService runs) => HttpResults.Ok(await runs.GetAsync(id)));
        api.MapGet("/runs/{id}/metrics", async (string id, int? from, HttpContext http, RunService runs) =>
        {
            await runs.GetAsync(id); // 404 before any event is sent
            if (WantsEvents(http.Request))
            {
                http.Response.Headers.CacheControl = "no-cache";
                return TypedResults.ServerSentEvents(Sse(runs.EventsAsync(id, from ?? 0, http.RequestAborted)));
            }
            return HttpResults.Ok(await runs.MetricsAsync(id, from ?? 0));
        });
        api.MapPost("/runs/{id}/{action:regex(^(pause|resume|cancel)$)}", async (string id, string action, RunService runs) =>
            HttpResults.Ok(await runs.ControlAsync(id, action)));
        api.MapPost("/runs/{id}/interventions", async (string id, HttpContext http, RunService runs) =>
        {
            var request = await ReadBodyAsync<InterventionRequest>(http);
            var recorded = await runs.InterveneAsync(id, request);
            return HttpResults.Created($"/api/runs/{Uri.EscapeDataString(id)}", new
            {
                tick = recorded.Tick,
                @event = InterventionRequest.Name(recorded.Kind),
                province = recorded.Province,
                lever = recorded.Lever,
                value = recorded.Value,
                vertical = recorded.Vertical,
                horizontal = recorded.Horizontal,
            });
        });
        api.MapGet("/runs/{id}/agents/{key}", async (string id, string key, RunService runs) => HttpResults.Ok(await runs.DescribeAsync(id, key)));
    }

    /// <summary>Turns <see cref="ApiException"/> into its status with <c>{"error": reason}</c>.</summary>
    public static async Task HandleErrorsAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (ApiException ex) when (!context.Response.HasStarted)
        {
            context.Response.StatusCode = ex.Status;
            await context.Response.WriteAsJsonAsync(new { error = ex.Message });
        }
    }

    private static bool WantsEvents(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase));

    private static async IAsyncEnumerable<SseItem<string>> Sse(IAsyncEnumerable<DashboardEvent> events)
    {
        await foreach (var e in events)
        {
            yield return new SseItem<string>(JsonSerializer.Serialize(e.Data, ApiJson.Options), e.Type)
            {
                EventId = e.Tick?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        }
    }

    /// <summary>Reads a JSON body; 400 with the reason when it is missing, not JSON, or malformed.</summary>
    private static async Task<T> ReadBodyAsync<T>(HttpContext http)
    {
        if (!http.Request.HasJsonContentType())
        {
            throw new ApiException(400, "the body must be JSON (Content-Type: application/json)");
        }
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, ApiJson.Options, http.RequestAborted)
                ?? throw new ApiException(400, "the body is empty (null)");
        }
        catch (JsonException ex)
        {
            throw new ApiException(400, "malformed JSON body: " + ex.Message);
        }
    }
}
