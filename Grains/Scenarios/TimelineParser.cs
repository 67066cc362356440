using OrleansGov.Model;

namespace OrleansGov.Scenarios;

/// <summary>
/// Parses <c>timeline:</c>, the scenario's interventions. Each event kind accepts exactly the fields
/// it uses, so a misplaced field (a <c>lever</c> on an attention shift) is reported rather than ignored.
/// </summary>
internal static class TimelineParser
{
    private sealed record EventShape(InterventionKind Kind, string[] Fields);

    /// <summary>The fields of each event besides <c>tick</c> and <c>event</c>.</summary>
    private static readonly IReadOnlyDictionary<string, EventShape> Events = new Dictionary<string, EventShape>(StringComparer.Ordinal)
    {
        ["attention-shift"] = new(InterventionKind.AttentionShift, ["province", "value"]),
        ["appoint-national-chief"] = new(InterventionKind.AppointNationalChief, []),
        ["dismiss-national-chief"] = new(InterventionKind.DismissNationalChief, []),
        ["set-dials"] = new(InterventionKind.SetDials, ["vertical", "horizontal", "province"]),
        ["set-mode"] = new(InterventionKind.SetMode, ["mode", "province"]),
        ["set-lever"] = new(InterventionKind.SetLever, ["lever", "value"]),
        ["upgrade-office"] = new(InterventionKind.UpgradeOffice, ["province"]),
    };

    public static Intervention[] Parse(YamlMap root, int ticks, IReadOnlyList<ProvinceSpec> provinces)
    {
        if (root.Sequence("timeline") is not { } items) return [];
        var provinceNames = provinces.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var result = new Intervention[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            result[i] = ParseEvent(root.Item(items[i].Node, items[i].Path), ticks, provinceNames);
        }
        return result;
    }

    /// <summary>
    /// A tick that must fall inside the run, [0, ticks-1]; null when absent. Shared with office
    /// upgrades so both report an out-of-run tick the same way.
    /// </summary>
    public static int? Tick(YamlMap map, string key, int ticks)
    {
        var tick = map.Int(key, 0);
        if (tick >= ticks)
        {
            throw map.ValueError(key, $"tick {tick} is after the last tick (the run has {ticks} ticks, 0 to {ticks - 1})");
        }
        return tick;
    }

    private static Intervention ParseEvent(YamlMap map, int ticks, HashSet<string> provinceNames)
    {
        var eventName = map.String("event") ?? throw map.Error("missing required key 'event'");
        if (!Events.TryGetValue(eventName, out var shape))
        {
            throw map.ValueError("event", $"unknown event '{eventName}' (expected {string.Join(", ", Events.Keys)})");
        }
        map.AllowOnly(["tick", "event", .. shape.Fields], $"{eventName} events");
        var tick = Tick(map, "tick", ticks) ?? throw map.Error("missing required key 'tick'");

        string? province = null;
        if (map.String("province") is { } name)
        {
            province = provinceNames.Contains(name)
                ? name
                : throw map.ValueError("province", $"unknown province '{name}' (this scenario has {string.Join(", ", provinceNames)})");
        }

        string? lever = null;
        if (map.String("lever") is { } leverName)
        {
            lever = PolicySchedule.LeverNames.Contains(leverName)
                ? leverName
                : throw map.ValueError("lever", $"unknown lever '{leverName}' (expected {string.Join(", ", PolicySchedule.LeverNames)})");
        }

        var value = map.Fraction("value");
        var vertical = map.Fraction("vertical");
        var horizontal = map.Fraction("horizontal");

        // Required fields per event: the engines rely on them being present.
        if (shape.Fields.Contains("lever") && lever is null) throw map.Error($"{eventName} needs 'lever'");
        if (shape.Fields.Contains("value") && value is null) throw map.Error($"{eventName} needs 'value'");
        if (shape.Kind == InterventionKind.SetDials && vertical is null && horizontal is null)
        {
            throw map.Error("set-dials needs 'vertical', 'horizontal' or both");
        }
        if (shape.Kind == InterventionKind.SetMode)
        {
            // Resolved now: the rules see the mode's dials and structure, never its name.
            var mode = map.String("mode") ?? throw map.Error("set-mode needs 'mode'");
            ScenarioParser.CheckMode(map, "mode", mode);
            var dials = ScenarioDefaults.Modes[mode];
            return new Intervention(tick, shape.Kind, province, Vertical: dials.Vertical, Horizontal: dials.Horizontal,
                Mode: mode, System: ScenarioDefaults.ModeSystems[mode] with { StartTick = 0 });
        }
        return new Intervention(tick, shape.Kind, province, lever, value, vertical, horizontal);
    }
}
