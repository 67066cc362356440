using OrleansGov.Client.Results;
using System.Text.Json;
using OrleansGov.Client.Commands;
using OrleansGov.Grains;
using OrleansGov.Model;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Dashboard;

/// <summary>One line of the runs list (API field names are snake_case). No server paths: the page is told ids, not folders.</summary>
/// <param name="Source"><c>cluster</c> (a run the cluster holds) or <c>results</c> (a results folder only).</param>
/// <param name="Status">created, running, paused, completed, failed, cancelled — or <c>stale</c> for a results folder whose run is gone.</param>
/// <param name="AgentTicksPerSecond">Agents × ticks done ÷ seconds since start (to the end for a finished run).</param>
public sealed record RunSummaryJson(
    string RunId, string Source, string Status, string Scenario, string? Mode, Dials Dials, int Provinces, long Agents,
    int TicksDone, int TotalTicks, double? AgentTicksPerSecond, DateTimeOffset? StartedUtc, DateTimeOffset? EndedUtc,
    string? Error)
{
    public static RunSummaryJson From(RunListing listing)
    {
        var info = listing.Info;
        return new RunSummaryJson(
            listing.RunId, "cluster", RunEnding.StatusName(info.Status), listing.Scenario, listing.Mode, listing.Dials,
            listing.Provinces, listing.AgentCount, info.TicksDone, info.TotalTicks,
            Rate(listing.AgentCount, info.TicksDone, info.StartedUtc, info.EndedUtc ?? DateTime.UtcNow),
            Utc(info.StartedUtc), Utc(info.EndedUtc), info.Error);
    }

    public static RunSummaryJson From(ResultsRun run)
    {
        var m = run.Manifest;
        var s = m.Scenario;
        long agents = ScenarioSize.Agents(s);
        return new RunSummaryJson(
            m.RunId, "results", run.Status, s.Name, s.Mode, s.Dials, s.Provinces.Length, agents, m.TicksCompleted, m.TicksRequested,
            Rate(agents, m.TicksCompleted, m.StartedUtc.UtcDateTime, m.EndedUtc?.UtcDateTime ?? m.StartedUtc.UtcDateTime),
            m.StartedUtc, m.EndedUtc, m.Error);
    }

    private static double? Rate(long agents, int ticks, DateTime? start, DateTime end)
    {
        if (start is not { } s || ticks == 0 || agents == 0)
        {
            return null;
        }
        double seconds = (end - s).TotalSeconds;
        return seconds > 0 ? Math.Round(agents * (double)ticks / seconds) : null;
    }

    private static DateTimeOffset? Utc(DateTime? time) => time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}

/// <summary>A run with its scenario as resolved (timeline included, live interventions too).</summary>
public sealed record RunDetailJson(RunSummaryJson Run, Scenario Scenario);

/// <summary>One grain's state for the drill-down.</summary>
public sealed record AgentViewJson(string Id, string Kind, string Level, bool Active, int TicksDone, Dictionary<string, double?> State, AgentRefJson[] Children)
{
    public static AgentViewJson From(AgentView view, World world) => new(
        view.Id.ToString(), KindName(view.Id), view.Id.Level.ToString().ToLowerInvariant(), view.Active, view.NextTick,
        view.State.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => MetricJson.Finite(p.Value), StringComparer.Ordinal),
        view.Children.Select(c => new AgentRefJson(c.ToString(), KindName(c), Label(world, c))).ToArray());

    private static string KindName(AgentId id) => id.Kind switch
    {
        AgentKind.CitizenGroup => "citizen-group",
        _ => id.Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>A readable label: province names, city/county numbers, department names.</summary>
    private static string Label(World world, AgentId id)
    {
        string where = id.Province < 0 ? "nation" : world.Province(id.Province).Name
            + (id.City >= 0 ? $" city {id.City}" : "") + (id.County >= 0 ? $" county {id.County}" : "");
        return id.Kind switch
        {
            AgentKind.Government => where,
            AgentKind.Department when id.Index < world.Scenario.Departments.Length => $"{where}: {world.Scenario.Departments[id.Index]}",
            _ => $"{where}: {KindName(id)} {id.Index}",
        };
    }
}

public sealed record AgentRefJson(string Id, string Kind, string Label);

/// <summary>An event of <c>GET /api/runs/{id}/metrics</c> as Server-Sent Events.</summary>
public sealed record DashboardEvent(string Type, object Data, int? Tick)
{
    public static DashboardEvent Metric(string runId, int tick, int totalTicks, List<Dictionary<string, object?>> rows) =>
        new("metric", new { run_id = runId, tick, total_ticks = totalTicks, rows }, tick);

    public static DashboardEvent Status(RunSummaryJson run) => new("status", run, null);
}

/// <summary><c>POST /api/runs</c>: a preset name or scenario YAML text, with optional overrides.</summary>
public sealed record StartRequest(string? Preset, string? Yaml, long? Seed, int? Ticks, bool Paused)
{
    public Scenario ToScenario()
    {
        if ((Preset is null) == (Yaml is null))
        {
            throw new ApiException(400, "give exactly one of 'preset' (a preset name) or 'yaml' (scenario YAML text)");
        }
        if (Seed is < 0)
        {
            throw new ApiException(400, $"'seed' must be a non-negative integer, not {Seed}");
        }
        if (Ticks is <= 0)
        {
            throw new ApiException(400, $"'ticks' must be a positive integer, not {Ticks}");
        }
        Scenario scenario;
        try
        {
            if (Preset is not null)
            {
                // Preset names only: a path here would let a request read the server's files.
                var presets = ScenarioLoader.Presets().Select(p => p.Name).ToArray();
                if (!presets.Contains(Preset, StringComparer.Ordinal))
                {
                    throw new ApiException(400, $"unknown preset '{Preset}' (known presets: {string.Join(", ", presets)})");
                }
                scenario = ScenarioLoader.Load(Preset);
            }
            else
            {
                scenario = ScenarioLoader.Parse(Yaml!, "request");
            }
        }
        catch (ScenarioException ex)
        {
            throw new ApiException(400, ex.Message);
        }
        return ScenarioInput.WithOverrides(scenario, Seed, Ticks, out _);
    }
}

/// <summary>
/// <c>POST /api/runs/{id}/interventions</c>: one event of the scenario timeline vocabulary (docs/MODEL.md
/// §3.5) without its tick — it applies at the run's next tick.
/// </summary>
public sealed record InterventionRequest(string? Event, string? Province, string? Lever, double? Value, double? Vertical, double? Horizontal)
{
    private static readonly Dictionary<string, (InterventionKind Kind, string[] Fields)> Events = new(StringComparer.Ordinal)
    {
        ["attention-shift"] = (InterventionKind.AttentionShift, ["province", "value"]),
        ["appoint-national-chief"] = (InterventionKind.AppointNationalChief, []),
        ["dismiss-national-chief"] = (InterventionKind.DismissNationalChief, []),
        ["set-dials"] = (InterventionKind.SetDials, ["vertical", "horizontal"]),
        ["set-lever"] = (InterventionKind.SetLever, ["lever", "value"]),
        ["upgrade-office"] = (InterventionKind.UpgradeOffice, ["province"]),
    };

    public static IReadOnlyCollection<string> EventNames => Events.Keys;

    public Intervention ToIntervention(Scenario scenario)
    {
        if (Event is null || !Events.TryGetValue(Event, out var shape))
        {
            throw new ApiException(400, $"'event' must be one of {string.Join(", ", Events.Keys)}");
        }
        var given = new (string Name, bool Present)[]
        {
            ("province", Province is not null), ("lever", Lever is not null), ("value", Value is not null),
            ("vertical", Vertical is not null), ("horizontal", Horizontal is not null),
        };
        foreach (var (name, present) in given)
        {
            if (present && !shape.Fields.Contains(name))
            {
                throw new ApiException(400, $"{Event} takes no '{name}' (it takes: {(shape.Fields.Length == 0 ? "nothing" : string.Join(", ", shape.Fields))})");
            }
        }
        if (Province is not null && !scenario.Provinces.Any(p => p.Name == Province))
        {
            throw new ApiException(400, $"unknown province '{Province}' (this run has {string.Join(", ", scenario.Provinces.Select(p => p.Name))})");
        }
        if (Lever is not null && !PolicySchedule.LeverNames.Contains(Lever))
        {
            throw new ApiException(400, $"unknown lever '{Lever}' (expected {string.Join(", ", PolicySchedule.LeverNames)})");
        }
        if (shape.Fields.Contains("lever") && Lever is null)
        {
            throw new ApiException(400, $"{Event} needs 'lever'");
        }
        if (shape.Fields.Contains("value") && Value is null)
        {
            throw new ApiException(400, $"{Event} needs 'value'");
        }
        if (shape.Kind == InterventionKind.SetDials && Vertical is null && Horizontal is null)
        {
            throw new ApiException(400, "set-dials needs 'vertical', 'horizontal' or both");
        }
        foreach (var (name, v) in new[] { ("value", Value), ("vertical", Vertical), ("horizontal", Horizontal) })
        {
            if (v is { } x && !(x >= 0 && x <= 1))
            {
                throw new ApiException(400, $"'{name}' must be in [0, 1], not {x}");
            }
        }
        return new Intervention(0, shape.Kind, Province, Lever, Value, Vertical, Horizontal);
    }

    /// <summary>The event's timeline name for a recorded intervention.</summary>
    public static string Name(InterventionKind kind) => Events.First(e => e.Value.Kind == kind).Key;
}

/// <summary>The API's JSON options: snake_case names and enums, like the results files.</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.WriteIndented = false;
    }

    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}
