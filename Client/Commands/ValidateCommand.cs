using System.ComponentModel;
using System.Globalization;
using OrleansGov.Engine;
using OrleansGov.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary><c>orleansgov validate</c>: loads a scenario and prints what it would simulate, or the error.</summary>
public sealed class ValidateCommand(CliContext cli) : AsyncCommand<ValidateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<scenario>")]
        [Description("A scenario YAML file, or a preset name.")]
        public string Scenario { get; init; } = "";

        [CommandOption("--max-agents <N>")]
        [Description(SizeCheck.MaxAgentsDescription)]
        public long? MaxAgents { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Override the scenario's seed, as `run --seed` does.")]
        public ulong? Seed { get; init; }

        [CommandOption("--ticks <N>")]
        [Description("Override the number of ticks, as `run --ticks` does.")]
        public int? Ticks { get; init; }

        [CommandOption("--set <PATH=VALUE>")]
        [Description(SetOptions.Description)]
        public string[] Set { get; init; } = [];

        [CommandOption("--json")]
        [Description("Print one JSON object on stdout instead of the summary: valid, error, agents, memory estimates, and the resolved scenario as a manifest records it.")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            if (MaxAgents is < 1) return ValidationResult.Error($"--max-agents must be at least 1, not {MaxAgents}");
            if (Ticks is <= 0) return ValidationResult.Error($"--ticks must be a positive integer, not {Ticks}");
            return ValidationResult.Success();
        }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var loaded = ScenarioInput.TryLoad(settings.Scenario, out string? error);
        var scenario = loaded is null ? null : SetOptions.Apply(ScenarioInput.WithOverrides(loaded, settings.Seed, settings.Ticks, out _), settings.Set, out error);
        if (scenario is null)
        {
            cli.Error.WriteLine("error: " + error);
            if (settings.Json) cli.Line(RunJson.Serialize(new { Valid = false, Error = error }));
            return Task.FromResult(ExitCodes.BadInput);
        }
        var admission = ModelSize.Check(scenario, "reference", AdmissionLimits.ThisMachine(settings.MaxAgents));
        if (settings.Json)
        {
            PrintJson(scenario, admission);
        }
        else
        {
            Print(scenario);
        }
        // Says whether `run` would take it here: with the lighter engine, this machine's memory, the agent cap.
        if (!admission.Admitted)
        {
            cli.Error.WriteLine("error: " + admission.Refusal);
        }
        return Task.FromResult(admission.Admitted ? ExitCodes.Ok : ExitCodes.BadInput);
    }

    /// <summary>The machine-readable form: the scenario as `run` would record it in its manifest, and whether it would be admitted.</summary>
    private void PrintJson(Scenario s, Admission admission)
    {
        long agents = ModelSize.Agents(s);
        var scenario = System.Text.Json.JsonSerializer.SerializeToElement(s, Results.Manifest.Json);
        cli.Line(RunJson.Serialize(new
        {
            Valid = admission.Admitted,
            Error = admission.Admitted ? null : admission.Refusal,
            s.Name,
            s.Seed,
            s.Ticks,
            Agents = agents,
            MemoryBytesReference = ModelSize.EstimatedBytes(agents, "reference"),
            MemoryBytesOrleans = ModelSize.EstimatedBytes(agents, "orleans"),
            Scenario = scenario,
        }));
    }

    private void Print(Scenario s)
    {
        var inv = CultureInfo.InvariantCulture;
        long agents = ModelSize.Agents(s);
        cli.Line($"{s.Name}: {s.Description}");
        cli.Line(string.Format(inv,
            "seed {0}, {1} ticks ({2} per year, {3:0.#} years), {4} agents (memory about {5} with the reference engine, {6} with the Orleans engine)",
            s.Seed, s.Ticks, s.TicksPerYear, (double)s.Ticks / s.TicksPerYear, agents,
            ModelSize.Gb(ModelSize.EstimatedBytes(agents, "reference")), ModelSize.Gb(ModelSize.EstimatedBytes(agents, "orleans"))));
        cli.Line(string.Format(inv, "mode {0}, dials vertical {1} horizontal {2}",
            s.Mode ?? "(explicit dials)", s.Dials.Vertical, s.Dials.Horizontal));
        if (s.StartDate is not null) cli.Line($"tick 0 starts on {s.StartDate}");
        cli.Line(string.Format(inv,
            "levers: national chief {0}, accountability {1}, linkage {2}, outsourcing {3}, participation {4}",
            s.Levers.NationalChief ? "yes" : "no", s.Levers.Accountability, s.Levers.Linkage, s.Levers.Outsourcing, s.Levers.Participation));
        cli.Line($"departments per government: {string.Join(", ", s.Departments)}");

        var provinces = new Table()
            .AddColumn("province").AddColumn("preset").AddColumn(new TableColumn("cities").RightAligned())
            .AddColumn(new TableColumn("counties").RightAligned()).AddColumn(new TableColumn("enterprises").RightAligned())
            .AddColumn(new TableColumn("citizen groups").RightAligned()).AddColumn("office").AddColumn("governance");
        for (int i = 0; i < s.Provinces.Length; i++)
        {
            var p = s.Provinces[i];
            provinces.AddRow(
                Markup.Escape(p.Name), Markup.Escape(p.Preset ?? "-"), p.Cities.ToString(inv), p.Counties.ToString(inv),
                p.Enterprises.ToString(inv), (p.Counties * p.CitizenGroupsPerCounty).ToString(inv),
                Markup.Escape(p.Office.Rank.ToString() + (p.Office.UpgradeAtTick is { } u ? $" (upgrade at tick {u})" : "")),
                Markup.Escape(Governance(s, i, inv)));
        }
        cli.Out.Write(provinces);

        if (s.Timeline.Length == 0)
        {
            cli.Line("timeline: (none)");
            return;
        }
        cli.Line("timeline:");
        foreach (var e in s.Timeline.OrderBy(e => e.Tick))
        {
            cli.Line("  " + Describe(e, inv));
        }
    }

    /// <summary>A province's dials and Cloud Chief system, e.g. "V 0.85 H 0.2; chiefs, office, platform".</summary>
    private static string Governance(Scenario s, int p, IFormatProvider inv)
    {
        var dials = s.DialsOf(p);
        var system = s.SystemOf(p);
        var parts = new List<string>();
        if (system.Chiefs) parts.Add("chiefs");
        if (system.Office) parts.Add("office");
        if (system.Platform) parts.Add("platform");
        string structure = parts.Count == 0 ? "no Cloud Chief system"
            : string.Join(", ", parts) + (system.StartTick > 0 ? string.Format(inv, " from tick {0}", system.StartTick) : "");
        string mode = s.Provinces[p].Mode is { } m ? m + ": " : "";
        return string.Format(inv, "{0}V {1} H {2}; {3}", mode, dials.Vertical, dials.Horizontal, structure);
    }

    private static string Describe(Intervention e, IFormatProvider inv)
    {
        string where = e.Province is null ? "" : " in " + e.Province;
        string what = e.Kind switch
        {
            InterventionKind.AttentionShift => string.Format(inv, "chief's attention moves elsewhere (set to {0}){1}", e.Value, where),
            InterventionKind.AppointNationalChief => "a national cloud chief is appointed",
            InterventionKind.DismissNationalChief => "the national cloud chief is withdrawn",
            InterventionKind.SetDials => string.Format(inv, "dials set to vertical {0}, horizontal {1}{2}", e.Vertical, e.Horizontal, where),
            InterventionKind.SetMode => string.Format(inv, "moves to {0} governance (vertical {1}, horizontal {2}){3}", e.Mode, e.Vertical, e.Horizontal, where),
            InterventionKind.SetLever => string.Format(inv, "lever {0} set to {1}", e.Lever, e.Value),
            InterventionKind.UpgradeOffice => "office raised to high rank" + where,
            _ => e.Kind.ToString() + where,
        };
        return string.Format(inv, "tick {0,4}: {1}", e.Tick, what);
    }
}
