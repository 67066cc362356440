using System.Globalization;
using OrleansGov.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OrleansGov.Scenarios;

/// <summary>
/// Writes a resolved <see cref="Scenario"/> back as a scenario file the loader accepts (kebab-case keys,
/// <c>event: attention-shift</c>), with every value explicit: presets are expanded, defaults written out,
/// so the file means the same run whatever the defaults become. <c>ScenarioLoader.Parse(Write(s))</c>
/// equals <c>s</c> field for field (tests/…/ScenarioWriterTests), which is what makes a results
/// folder's <c>scenario.yaml</c> runnable again.
/// </summary>
/// <remarks>
/// The file is the list <see cref="Sections"/>, one entry per top-level key, in the order a person
/// reads a scenario: a new section of the scenario model is one more entry there (and its parser).
/// </remarks>
public static partial class ScenarioWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Each top-level key and how to write it; null leaves the key out (the loader's default is the value).</summary>
    private static readonly (string Key, Func<Scenario, Node?> Write)[] Sections =
    [
        ("name", s => Text(s.Name)),
        ("description", s => Text(s.Description)),
        ("seed", s => Number(s.Seed.ToString(Inv))),
        ("ticks", s => Int(s.Ticks)),
        ("ticks-per-year", s => Int(s.TicksPerYear)),
        ("start-date", s => s.StartDate is null ? null : Text(s.StartDate)),
        // Without a mode the dials alone say the governance (the loader then leaves Mode null).
        ("mode", s => s.Mode is null ? null : Text(s.Mode)),
        ("dials", s => DialsNode(s.Dials)),
        ("cloud-chief-system", s => SystemNode(s.System)),
        ("departments", s => new Seq([.. s.Departments.Select(Text)], Flow: true)),
        ("levers", s => Flow(
            ("national-chief", Bool(s.Levers.NationalChief)), ("accountability", Real(s.Levers.Accountability)),
            ("linkage", Real(s.Levers.Linkage)), ("outsourcing", Real(s.Levers.Outsourcing)), ("participation", Real(s.Levers.Participation)))),
        ("preconditions", s => Flow(("willingness", Real(s.Preconditions.Willingness)), ("social-maturity", Real(s.Preconditions.SocialMaturity)))),
        ("mechanisms", s => MechanismsNode(s.Mechanisms)),
        ("provinces", s => new Seq([.. s.Provinces.Select(p => ProvinceNode(p, s.Ticks))], Flow: false)),
        // Events at or after the last tick never happen (a scenario built in code may hold one; a file cannot).
        ("timeline", s => s.Timeline.All(e => e.Tick >= s.Ticks) ? null : new Seq([.. s.Timeline.Where(e => e.Tick < s.Ticks).Select(EventNode)], Flow: false)),
        ("constants", s => ConstantsNode(s.Constants)),
    ];

    /// <summary>The top-level keys written, in order (tests check they are exactly the loader's).</summary>
    public static IReadOnlyList<string> Keys => [.. Sections.Select(s => s.Key)];

    /// <summary>The scenario as YAML text, preceded by <paramref name="header"/> as comment lines (if any).</summary>
    public static string Write(Scenario scenario, string? header = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var text = new StringWriter(Inv) { NewLine = "\n" };
        foreach (var line in (header ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Write("# " + line.TrimEnd('\r') + "\n");
        }
        var root = new Map([.. Sections.Select(s => (s.Key, s.Write(scenario))).Where(e => e.Item2 is not null).Select(e => (e.Key, e.Item2!))], Flow: false);
        var emitter = new Emitter(text, EmitterSettings.Default.WithBestWidth(120).WithNewLine("\n").WithIndentedSequences());
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, root);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static Node DialsNode(Dials d) => Flow(("vertical", Real(d.Vertical)), ("horizontal", Real(d.Horizontal)));

    private static Node SystemNode(CloudChiefSystem c) => Flow(
        ("chiefs", Bool(c.Chiefs)), ("office", Bool(c.Office)), ("platform", Bool(c.Platform)), ("start-tick", Int(c.StartTick)));

    private static Node MechanismsNode(Mechanisms m)
    {
        var a = m.Attention;
        var n = m.Negotiation;
        return new Map(
        [
            ("attention", Flow(
                ("decay", Bool(a.Decay)), ("decay-per-tick", Real(a.DecayPerTick)), ("baseline", Real(a.Baseline)), ("initial", Real(a.Initial)),
                ("meeting-boost", Real(a.MeetingBoost)), ("directive-refresh", Real(a.DirectiveRefresh)), ("accountability-boost", Real(a.AccountabilityBoost)))),
            ("negotiation", Flow(("timeout-ticks", Int(n.TimeoutTicks)), ("max-rounds", Int(n.MaxRounds)), ("request-rate", Real(n.RequestRate)))),
            ("overlapping-structures", Bool(m.OverlappingStructures)),
            ("unified-platform", Bool(m.UnifiedPlatform)),
            ("directive-binding", Bool(m.DirectiveBinding)),
            ("horizontal-coordination", Bool(m.HorizontalCoordination)),
            ("peer-learning", Bool(m.PeerLearning)),
            ("sanctions-curb-obstruction", Bool(m.SanctionsCurbObstruction)),
            ("arbitration", Bool(m.Arbitration)),
            ("responsiveness", Bool(m.Responsiveness)),
            ("formalism", Bool(m.Formalism)),
            ("crowding-out", Bool(m.CrowdingOut)),
            ("coordination-cost", Bool(m.CoordinationCost)),
            ("free-riding", Bool(m.FreeRiding)),
            ("switching-cost", Bool(m.SwitchingCost)),
            ("rotation", Bool(m.Rotation)),
            ("shocks", Bool(m.Shocks)),
        ], Flow: false);
    }

    /// <summary>
    /// A province with every field explicit. The preset is kept (the record carries its name) but changes
    /// nothing, since each field overrides it. No upgrade, or one at or after the last tick (it never
    /// happens; a scenario built in code may hold one), is written as <c>none</c>, as the loader resolves it.
    /// </summary>
    private static Node ProvinceNode(ProvinceSpec p, int ticks)
    {
        var entries = new List<(string, Node)>();
        if (p.Preset is not null) entries.Add(("preset", Text(p.Preset)));
        entries.Add(("name", Text(p.Name)));
        entries.Add(("cities", Int(p.Cities)));
        entries.Add(("counties", Int(p.Counties)));
        entries.Add(("enterprises", Int(p.Enterprises)));
        entries.Add(("citizen-groups-per-county", Int(p.CitizenGroupsPerCounty)));
        entries.Add(("chiefs", Flow(
            ("city", Bool(p.Chiefs.CityChiefs)), ("county", Bool(p.Chiefs.CountyChiefs)), ("first-chief", Bool(p.Chiefs.FirstChief)),
            ("system-chiefs", Int(p.Chiefs.SystemChiefs)), ("meeting-interval", Int(p.Chiefs.MeetingInterval)))));
        entries.Add(("office", Flow(
            ("rank", Text(RankName(p.Office.Rank))), ("break-in-ticks", Int(p.Office.BreakInTicks)),
            ("upgrade-at-tick", p.Office.UpgradeAtTick is { } u && u < ticks ? Int(u) : Number("none")))));
        entries.Add(("platform", Flow(("base-databases", Int(p.Platform.BaseDatabases)), ("theme-databases", Int(p.Platform.ThemeDatabases)))));
        // The province's own governance, only when it has one (null fields follow the scenario's).
        if (p.Mode is not null) entries.Add(("mode", Text(p.Mode)));
        if (p.Dials is not null) entries.Add(("dials", DialsNode(p.Dials)));
        if (p.System is not null) entries.Add(("cloud-chief-system", SystemNode(p.System)));
        return new Map(entries, Flow: false);
    }

    /// <summary>One timeline event, with the fields its kind accepts (a set-mode event names its mode; the loader resolves it).</summary>
    private static Node EventNode(Intervention e)
    {
        var entries = new List<(string, Node)> { ("tick", Int(e.Tick)), ("event", Text(EventName(e.Kind))) };
        switch (e.Kind)
        {
            case InterventionKind.SetLever:
                entries.Add(("lever", Text(e.Lever ?? throw Unwritable(e, "a lever"))));
                break;
            case InterventionKind.SetMode:
                entries.Add(("mode", Text(e.Mode ?? throw Unwritable(e, "a mode"))));
                break;
        }
        if (e.Kind is InterventionKind.SetDials)
        {
            if (e.Vertical is { } v) entries.Add(("vertical", Real(v)));
            if (e.Horizontal is { } h) entries.Add(("horizontal", Real(h)));
        }
        if (e.Kind is InterventionKind.AttentionShift or InterventionKind.SetLever && e.Value is { } value)
        {
            entries.Add(("value", Real(value)));
        }
        if (e.Province is not null && e.Kind is not (InterventionKind.AppointNationalChief or InterventionKind.DismissNationalChief or InterventionKind.SetLever))
        {
            entries.Add(("province", Text(e.Province)));
        }
        return new Map(entries, Flow: true);
    }

    private static InvalidOperationException Unwritable(Intervention e, string what) =>
        new($"the {EventName(e.Kind)} event at tick {e.Tick} has no {what}, so it cannot be written as a scenario file");

    /// <summary>Every constant, grouped as in <c>constants:</c>, in declaration order.</summary>
    private static Node ConstantsNode(ConstantValues values) => new Map(
        [.. Constants.Groups.Select(group => (group, (Node)new Map(
            [.. Constants.InGroup(group).Select(def => (def.Name, def.Kind == ConstantKind.Integer ? Int(values.Int(def)) : Real(values[def])))],
            Flow: false)))],
        Flow: false);

    /// <summary>The loader's event names (TimelineParser), from the kind.</summary>
    public static string EventName(InterventionKind kind) => kind switch
    {
        InterventionKind.AttentionShift => "attention-shift",
        InterventionKind.AppointNationalChief => "appoint-national-chief",
        InterventionKind.DismissNationalChief => "dismiss-national-chief",
        InterventionKind.SetDials => "set-dials",
        InterventionKind.SetLever => "set-lever",
        InterventionKind.UpgradeOffice => "upgrade-office",
        InterventionKind.SetMode => "set-mode",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "an event kind the scenario file has no name for"),
    };

    private static string RankName(OfficeRank rank) => rank switch
    {
        OfficeRank.Low => "low",
        OfficeRank.LeadingGroup => "leading-group",
        _ => "high",
    };

    // A tiny document model: scalars know whether they are plain (numbers, booleans, none) or text.
    private abstract record Node;

    private sealed record Scalar(string Value, bool IsText) : Node;

    private sealed record Map(IReadOnlyList<(string Key, Node Value)> Entries, bool Flow) : Node;

    private sealed record Seq(IReadOnlyList<Node> Items, bool Flow) : Node;

    private static Map Flow(params (string, Node)[] entries) => new(entries, Flow: true);

    private static Scalar Text(string value) => new(value, IsText: true);

    private static Scalar Number(string value) => new(value, IsText: false);

    private static Scalar Int(int value) => Number(value.ToString(Inv));

    /// <summary>The shortest text that parses back to the same double ("R").</summary>
    private static Scalar Real(double value) => Number(value.ToString("R", Inv));

    private static Scalar Bool(bool value) => Number(value ? "true" : "false");

    private static void Emit(IEmitter emitter, Node node)
    {
        switch (node)
        {
            case Scalar { IsText: false } number:
                emitter.Emit(new YamlDotNet.Core.Events.Scalar(null, null, number.Value, ScalarStyle.Plain, true, false));
                break;
            case Scalar text:
                // Names stay plain; anything that could read as another type or as YAML syntax is quoted by the emitter.
                bool plain = PlainText().IsMatch(text.Value) && !Reserved.Contains(text.Value);
                emitter.Emit(new YamlDotNet.Core.Events.Scalar(null, null, text.Value, plain ? ScalarStyle.Plain : ScalarStyle.Any, plain, true));
                break;
            case Map map:
                emitter.Emit(new MappingStart(null, null, true, map.Flow ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in map.Entries)
                {
                    emitter.Emit(new YamlDotNet.Core.Events.Scalar(null, null, key, ScalarStyle.Plain, true, false));
                    Emit(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case Seq seq:
                emitter.Emit(new SequenceStart(null, null, true, seq.Flow ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in seq.Items)
                {
                    Emit(emitter, item);
                }
                emitter.Emit(new SequenceEnd());
                break;
        }
    }

    /// <summary>Words a YAML reader (or the loader: <c>none</c>) takes for something other than text.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "none", "~",
    };

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9._-]*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex PlainText();
}
