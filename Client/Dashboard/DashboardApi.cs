using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;
using OrleansGov.Scenarios;

using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace OrleansGov.Client.Dashboard;

/// <summary>The dashboard's JSON API (documented in the README, section Dashboard).</summary>
public static partial class DashboardApi
{
    public static void MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/presets", () => HttpResults.Ok(ScenarioLoader.Presets().Select(p => new { name = p.Name, description = p.Description })));
        api.MapGet("/interventions", () => HttpResults.Ok(InterventionRequest.EventNames));
        api.MapGet("/metrics", () => HttpResults.Ok(MetricCatalog.All()));
        api.MapGet("/runs", async (RunService runs) => HttpResults.Ok(await runs.ListAsync()));
        api.MapPost("/runs", async (HttpContext http, RunService runs) =>
        {
            var request = await ReadBodyAsync<StartRequest>(http);
            string runId = await runs.StartAsync(request.ToScenario(), request.Paused);
            return HttpResults.Created($"/api/runs/{Uri.EscapeDataString(runId)}", await runs.GetAsync(runId));
        });
        api.MapGet("/runs/{id}", async (string id, RunService runs) => HttpResults.Ok(await runs.GetAsync(id)));
        api.MapGet("/runs/{id}/metrics", async (string id, int? from, int? limit, HttpContext http, RunService runs, DashboardLimits limits) =>
        {
            int first = Math.Max(0, from ?? 0);
            if (WantsEvents(http.Request))
            {
                await runs.StreamAsync(id, first, http);
                return HttpResults.Empty;
            }
            if (limit is <= 0)
            {
                throw new ApiException(400, $"'limit' must be a positive number of ticks, not {limit}");
            }
            int page = Math.Min(limit ?? limits.PageTicks, limits.PageTicks);
            var rows = await runs.MetricsAsync(id, first, page);
            int ticks = rows.Select(r => (int)r["tick"]!).Distinct().Count();
            if (ticks == page)
            {
                // A full page: there may be more. RFC 8288 link to the next page.
                int next = (int)rows[^1]["tick"]! + 1;
                http.Response.Headers.Link = $"</api/runs/{Uri.EscapeDataString(id)}/metrics?from={next}&limit={page}>; rel=\"next\"";
            }
            return HttpResults.Ok(rows);
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
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            // Kestrel's own refusals (a body over the size limit, a truncated body) keep their status, with a reason.
            context.Response.StatusCode = ex.StatusCode;
            await context.Response.WriteAsJsonAsync(new { error = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "the request body is too large" : ex.Message });
        }
    }

    private static bool WantsEvents(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads a JSON body; 400 with the reason when it is missing, not JSON, or malformed; 413 when too large.</summary>
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
            throw new ApiException(400, "malformed JSON body: " + Readable(ex));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ApiException(413, $"the request body is larger than {http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize:N0} bytes");
        }
    }

    /// <summary>System.Text.Json's message without .NET type names: "'ticks' (line 0, position 20): expected an integer".</summary>
    private static string Readable(JsonException ex)
    {
        string message = TypeName().Replace(ex.Message, m => m.Groups[1].Value switch
        {
            "Int32" or "Int64" or "UInt64" => "an integer",
            "Double" => "a number",
            "Boolean" => "true or false",
            "String" => "a string",
            _ => "a value of another kind",
        });
        message = message.Replace("The JSON value could not be converted to", "expected", StringComparison.Ordinal);
        int cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        string field = ex.Path is { Length: > 2 } path ? $"'{path.TrimStart('$', '.')}': " : "";
        return field + (cut >= 0 ? message[..cut] : message);
    }

    [GeneratedRegex(@"System\.(?:Nullable`1\[)?(?:System\.)?(\w+)\]?(?:\[[^\]]*\])?")]
    private static partial Regex TypeName();
}
