using System.Globalization;
using System.Text.RegularExpressions;
using OrleansGov.Client.Commands;
using OrleansGov.Model;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Experiments;

/// <summary>A parameter path or value that does not fit the scenario; the parser adds file, line and key.</summary>
public sealed class ParameterException(string reason) : Exception(reason);

/// <summary>What values a parameter takes. Numeric kinds can be sampled (Latin hypercube); the others only listed.</summary>
public enum ParameterKind
{
    /// <summary>A number in [0, 1] (dials, levers, rates).</summary>
    Fraction,
    /// <summary>A number in [RealMin, RealMax] (model constants that are not fractions).</summary>
    Real,
    /// <summary>A whole number in [Min, Max].</summary>
    Integer,
    /// <summary>true or false (mechanism switches).</summary>
    Boolean,
    /// <summary>One of a fixed set of names (mode, office rank).</summary>
    Choice,
    /// <summary>A tick inside the run, or <c>none</c>.</summary>
    TickOrNone,
}

/// <summary>One parameter value: its canonical text (for tables and arm ids) and the typed value applied.</summary>
public sealed record ParameterValue(string Text, object Value)
{
    public override string ToString() => Text;
}

/// <summary>
/// One overridable scenario parameter, addressed by the scenario YAML's own kebab-case key path
/// (docs/MODEL.md §7.1), e.g. <c>levers.accountability</c> or <c>provinces[guizhou].office.rank</c>.
/// </summary>
public sealed class ScenarioParameter
{
    private readonly Func<Scenario, object, Scenario> _apply;

    internal ScenarioParameter(string path, ParameterKind kind, long min, long max, IReadOnlyList<string>? choices, Func<Scenario, object, Scenario> apply,
        double realMin = 0, double realMax = 1)
    {
        Path = path;
        Kind = kind;
        Min = min;
        Max = max;
        RealMin = realMin;
        RealMax = realMax;
        Choices = choices ?? [];
        _apply = apply;
    }

    public string Path { get; }
    public ParameterKind Kind { get; }
    public long Min { get; }
    public long Max { get; }
    public IReadOnlyList<string> Choices { get; }

    /// <summary>The range of a <see cref="ParameterKind.Fraction"/> (0, 1) or <see cref="ParameterKind.Real"/> parameter.</summary>
    public double RealMin { get; }

    /// <inheritdoc cref="RealMin"/>
    public double RealMax { get; }

    public bool IsNumeric => Kind is ParameterKind.Fraction or ParameterKind.Real or ParameterKind.Integer;

    /// <summary>Parses a value written in an experiment file; throws <see cref="ParameterException"/> when it is out of range or of the wrong type.</summary>
    public ParameterValue Parse(string text)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (Kind)
        {
            case ParameterKind.Fraction or ParameterKind.Real:
                if (!double.TryParse(text, NumberStyles.Float, inv, out double f) || !double.IsFinite(f))
                {
                    throw new ParameterException($"expected a number, got '{text}'");
                }
                return Fraction(f);
            case ParameterKind.Integer:
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, inv, out long i))
                {
                    throw new ParameterException($"expected a whole number, got '{text}'");
                }
                return Integer(i);
            case ParameterKind.Boolean:
                return text switch
                {
                    "true" or "True" or "TRUE" => new ParameterValue("true", true),
                    "false" or "False" or "FALSE" => new ParameterValue("false", false),
                    _ => throw new ParameterException($"expected true or false, got '{text}'"),
                };
            case ParameterKind.Choice:
                return Choices.Contains(text)
                    ? new ParameterValue(text, text)
                    : throw new ParameterException($"unknown value '{text}' (expected {string.Join(", ", Choices)})");
            default:
                if (text is "none" or "null" or "~")
                {
                    return new ParameterValue("none", -1L);
                }
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, inv, out long t))
                {
                    throw new ParameterException($"expected a tick or 'none', got '{text}'");
                }
                return Integer(t);
        }
    }

    /// <summary>A real value (fraction or real), checked against [<see cref="RealMin"/>, <see cref="RealMax"/>].</summary>
    public ParameterValue Fraction(double value) => value < RealMin || value > RealMax
        ? throw new ParameterException(string.Create(CultureInfo.InvariantCulture, $"must be between {RealMin:R} and {RealMax:R} (got {value:R})"))
        : new ParameterValue(value.ToString("R", CultureInfo.InvariantCulture), value);

    /// <summary>A whole-number value, checked against [Min, Max].</summary>
    public ParameterValue Integer(long value)
    {
        if (value < Min)
        {
            throw new ParameterException(Min == 0 ? $"must not be negative (got {value})" : $"must be at least {Min} (got {value})");
        }
        if (value > Max)
        {
            throw new ParameterException($"must be at most {Max} (got {value})");
        }
        return new ParameterValue(value.ToString(CultureInfo.InvariantCulture), value);
    }

    /// <summary>The scenario with this parameter set to <paramref name="value"/>; throws <see cref="ParameterException"/> on an inconsistent result.</summary>
    public Scenario Apply(Scenario scenario, ParameterValue value) => _apply(scenario, value.Value);
}

/// <summary>
/// Maps parameter paths onto the resolved <see cref="Scenario"/> record, with the ranges the scenario
/// loader enforces (docs/MODEL.md §7.1). Provinces are selected by name, index or <c>*</c> (all).
/// </summary>
public static partial class ScenarioParameters
{
    private static readonly string[] Ranks = ["low", "leading-group", "high"];

    /// <summary>The global parameter paths, for error messages and documentation.</summary>
    public static IReadOnlyList<string> GlobalPaths => [.. Global.Keys];

    /// <summary>The per-province parameter keys (after <c>provinces[...]</c>).</summary>
    public static IReadOnlyList<string> ProvincePaths => [.. Province.Keys];

    /// <summary>Finds the parameter <paramref name="path"/> for <paramref name="scenario"/>; throws <see cref="ParameterException"/> if there is none.</summary>
    public static ScenarioParameter Resolve(string path, Scenario scenario)
    {
        if (path == "seed")
        {
            throw new ParameterException("the seed is not a factor: give 'replicates' or 'seeds' instead");
        }
        if (Global.TryGetValue(path, out var global))
        {
            return global(path, scenario);
        }
        if (path.StartsWith(ConstantPrefix, StringComparison.Ordinal))
        {
            return Constant(path);
        }
        var match = ProvincePath().Match(path);
        if (!match.Success)
        {
            throw new ParameterException($"unknown parameter '{path}' (known: {string.Join(", ", Global.Keys)}, provinces[NAME|INDEX|*].{{{string.Join(", ", Province.Keys)}}}, constants.GROUP.NAME (docs/MODEL.md §7.2))");
        }
        string selector = match.Groups[1].Value, key = match.Groups[2].Value;
        if (!Province.TryGetValue(key, out var spec))
        {
            throw new ParameterException($"unknown province parameter '{key}' (known: {string.Join(", ", Province.Keys)})");
        }
        var indices = SelectProvinces(selector, scenario);
        var (kind, min, max, choices, set) = spec(scenario);
        return new ScenarioParameter(path, kind, min, max, choices, (s, v) =>
        {
            var provinces = s.Provinces.ToArray();
            foreach (int i in indices)
            {
                provinces[i] = set(provinces[i], v, s);
                CheckLayout(provinces[i]);
            }
            return s with { Provinces = provinces };
        });
    }

    private static int[] SelectProvinces(string selector, Scenario scenario)
    {
        if (selector == "*")
        {
            return [.. Enumerable.Range(0, scenario.Provinces.Length)];
        }
        if (int.TryParse(selector, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            return index < scenario.Provinces.Length
                ? [index]
                : throw new ParameterException($"provinces[{index}]: the base scenario has {scenario.Provinces.Length} provinces (indices from 0)");
        }
        int named = Array.FindIndex(scenario.Provinces, p => p.Name == selector);
        return named >= 0
            ? [named]
            : throw new ParameterException($"no province '{selector}' in the base scenario (it has {string.Join(", ", scenario.Provinces.Select(p => p.Name))})");
    }

    /// <summary>The checks of the scenario loader's province layout (cities, counties per city), after an override.</summary>
    private static void CheckLayout(ProvinceSpec p)
    {
        if (p.Counties < p.Cities)
        {
            throw new ParameterException($"province {p.Name}: counties ({p.Counties}) must be at least cities ({p.Cities}): every city needs a county");
        }
        int perCity = p.Cities == 0 ? p.Counties : (p.Counties + p.Cities - 1) / p.Cities;
        if (perCity > AgentId.MaxCounty + 1)
        {
            throw new ParameterException($"province {p.Name}: at most {AgentId.MaxCounty + 1} counties per city fit in an agent id (got {perCity})");
        }
    }

    private const string ConstantPrefix = "constants.";

    /// <summary>Every model constant is a parameter, with the kind and range of its declaration (<see cref="Constants"/>).</summary>
    private static ScenarioParameter Constant(string path)
    {
        var key = path[ConstantPrefix.Length..];
        if (Constants.Find(key) is not { } def)
        {
            int dot = key.IndexOf('.');
            string group = dot < 0 ? key : key[..dot];
            throw new ParameterException(Constants.Groups.Contains(group)
                ? $"unknown constant '{path}' (constants of {group}: {string.Join(", ", Constants.InGroup(group).Select(c => c.Name))})"
                : $"unknown constant group in '{path}' (groups: {string.Join(", ", Constants.Groups)})");
        }
        var kind = def.Kind switch
        {
            ConstantKind.Integer => ParameterKind.Integer,
            ConstantKind.Fraction => ParameterKind.Fraction,
            _ => ParameterKind.Real,
        };
        return new ScenarioParameter(path, kind, (long)def.Min, (long)def.Max, null, (s, v) =>
        {
            double value = v is long l ? l : (double)v;
            var constants = s.Constants.With(def, value);
            if (Constants.Inconsistency(constants) is { } problem)
            {
                throw new ParameterException($"{problem.Constant.ParameterPath} {problem.Reason}");
            }
            return s with { Constants = constants };
        }, def.Min, def.Max);
    }

    private static ScenarioParameter Frac(string path, Func<Scenario, double, Scenario> set) =>
        new(path, ParameterKind.Fraction, 0, 1, null, (s, v) => set(s, (double)v));

    private static ScenarioParameter Int(string path, long min, long max, Func<Scenario, int, Scenario> set) =>
        new(path, ParameterKind.Integer, min, max, null, (s, v) => set(s, (int)(long)v));

    private static ScenarioParameter Bool(string path, Func<Scenario, bool, Scenario> set) =>
        new(path, ParameterKind.Boolean, 0, 1, null, (s, v) => set(s, (bool)v));

    private static Scenario Attention(Scenario s, Func<AttentionSettings, AttentionSettings> change) =>
        s with { Mechanisms = s.Mechanisms with { Attention = change(s.Mechanisms.Attention) } };

    private static Scenario Negotiation(Scenario s, Func<NegotiationSettings, NegotiationSettings> change) =>
        s with { Mechanisms = s.Mechanisms with { Negotiation = change(s.Mechanisms.Negotiation) } };

    private static readonly Dictionary<string, Func<string, Scenario, ScenarioParameter>> Global = new(StringComparer.Ordinal)
    {
        ["ticks"] = (p, _) => Int(p, 1, int.MaxValue, (s, v) => ScenarioInput.WithOverrides(s, null, v, out IReadOnlyList<string> _)),
        ["ticks-per-year"] = (p, _) => Int(p, 1, int.MaxValue, (s, v) => s with { TicksPerYear = v }),
        // A mode sets both dials and the Cloud Chief system of every province, as in the scenario file
        // (provinces lose governance of their own); dial and structure factors are applied after it.
        ["mode"] = (p, _) => new ScenarioParameter(p, ParameterKind.Choice, 0, 0, [.. ScenarioDefaults.Modes.Keys],
            (s, v) => s with
            {
                Mode = (string)v,
                Dials = ScenarioDefaults.Modes[(string)v],
                System = ScenarioDefaults.ModeSystems[(string)v],
                Provinces = [.. s.Provinces.Select(province => province with { Mode = null, Dials = null, System = null })],
            }),
        ["dials.vertical"] = (p, _) => Frac(p, (s, v) => s with { Dials = s.Dials with { Vertical = v } }),
        ["dials.horizontal"] = (p, _) => Frac(p, (s, v) => s with { Dials = s.Dials with { Horizontal = v } }),
        ["mechanisms.attention.decay"] = (p, _) => Bool(p, (s, v) => Attention(s, a => a with { Decay = v })),
        ["mechanisms.attention.decay-per-tick"] = (p, _) => Frac(p, (s, v) => Attention(s, a => a with { DecayPerTick = v })),
        ["mechanisms.attention.baseline"] = (p, _) => Frac(p, (s, v) => Attention(s, a => a with { Baseline = v })),
        ["mechanisms.attention.initial"] = (p, _) => Frac(p, (s, v) => Attention(s, a => a with { Initial = v })),
        ["mechanisms.attention.meeting-boost"] = (p, _) => Frac(p, (s, v) => Attention(s, a => a with { MeetingBoost = v })),
        ["mechanisms.attention.directive-refresh"] = (p, _) => Frac(p, (s, v) => Attention(s, a => a with { DirectiveRefresh = v })),
        ["mechanisms.attention.accountability-boost"] = (p, _) => Frac(p, (s, v) => Attention(s, a => a with { AccountabilityBoost = v })),
        ["mechanisms.overlapping-structures"] = (p, _) => Bool(p, (s, v) => s with { Mechanisms = s.Mechanisms with { OverlappingStructures = v } }),
        ["mechanisms.unified-platform"] = (p, _) => Bool(p, (s, v) => s with { Mechanisms = s.Mechanisms with { UnifiedPlatform = v } }),
        ["mechanisms.directive-binding"] = (p, _) => Bool(p, (s, v) => s with { Mechanisms = s.Mechanisms with { DirectiveBinding = v } }),
        ["mechanisms.horizontal-coordination"] = (p, _) => Bool(p, (s, v) => s with { Mechanisms = s.Mechanisms with { HorizontalCoordination = v } }),
        ["mechanisms.peer-learning"] = (p, _) => Bool(p, (s, v) => s with { Mechanisms = s.Mechanisms with { PeerLearning = v } }),
        ["mechanisms.sanctions-curb-obstruction"] = (p, _) => Bool(p, (s, v) => s with { Mechanisms = s.Mechanisms with { SanctionsCurbObstruction = v } }),
        ["mechanisms.arbitration"] = (p, _) => Bool(p, (s, v) => s with { Mechanisms = s.Mechanisms with { Arbitration = v } }),
        ["mechanisms.responsiveness"] = (p, _) => Bool(p, (s, v) => s with { Mechanisms = s.Mechanisms with { Responsiveness = v } }),
        ["mechanisms.formalism"] = (p, _) => Bool(p, (s, v) => s with { Mechanisms = s.Mechanisms with { Formalism = v } }),
        ["mechanisms.crowding-out"] = (p, _) => Bool(p, (s, v) => s with { Mechanisms = s.Mechanisms with { CrowdingOut = v } }),
        ["mechanisms.coordination-cost"] = (p, _) => Bool(p, (s, v) => s with { Mechanisms = s.Mechanisms with { CoordinationCost = v } }),
        ["mechanisms.free-riding"] = (p, _) => Bool(p, (s, v) => s with { Mechanisms = s.Mechanisms with { FreeRiding = v } }),
        ["mechanisms.switching-cost"] = (p, _) => Bool(p, (s, v) => s with { Mechanisms = s.Mechanisms with { SwitchingCost = v } }),
        ["mechanisms.rotation"] = (p, _) => Bool(p, (s, v) => s with { Mechanisms = s.Mechanisms with { Rotation = v } }),
        ["mechanisms.shocks"] = (p, _) => Bool(p, (s, v) => s with { Mechanisms = s.Mechanisms with { Shocks = v } }),
        // The scenario-wide Cloud Chief system (provinces without one of their own follow it).
        ["cloud-chief-system.chiefs"] = (p, _) => Bool(p, (s, v) => WithSystem(s, s.System with { Chiefs = v })),
        ["cloud-chief-system.office"] = (p, _) => Bool(p, (s, v) => WithSystem(s, s.System with { Office = v })),
        ["cloud-chief-system.platform"] = (p, _) => Bool(p, (s, v) => WithSystem(s, s.System with { Platform = v })),
        ["cloud-chief-system.start-tick"] = (p, s0) => Int(p, 0, s0.Ticks - 1, (s, v) => WithSystem(s, s.System with { StartTick = v })),
        ["mechanisms.negotiation.timeout-ticks"] = (p, _) => Int(p, 1, int.MaxValue, (s, v) => Negotiation(s, n => n with { TimeoutTicks = v })),
        ["mechanisms.negotiation.max-rounds"] = (p, _) => Int(p, 0, int.MaxValue, (s, v) => Negotiation(s, n => n with { MaxRounds = v })),
        ["mechanisms.negotiation.request-rate"] = (p, _) => Frac(p, (s, v) => Negotiation(s, n => n with { RequestRate = v })),
        ["levers.national-chief"] = (p, _) => Bool(p, (s, v) => s with { Levers = s.Levers with { NationalChief = v } }),
        ["levers.accountability"] = (p, _) => Frac(p, (s, v) => s with { Levers = s.Levers with { Accountability = v } }),
        ["levers.linkage"] = (p, _) => Frac(p, (s, v) => s with { Levers = s.Levers with { Linkage = v } }),
        ["levers.outsourcing"] = (p, _) => Frac(p, (s, v) => s with { Levers = s.Levers with { Outsourcing = v } }),
        ["levers.participation"] = (p, _) => Frac(p, (s, v) => s with { Levers = s.Levers with { Participation = v } }),
        ["preconditions.willingness"] = (p, _) => Frac(p, (s, v) => s with { Preconditions = s.Preconditions with { Willingness = v } }),
        ["preconditions.social-maturity"] = (p, _) => Frac(p, (s, v) => s with { Preconditions = s.Preconditions with { SocialMaturity = v } }),
    };

    /// <summary>The office builds the platform: a structure with a platform and no office is refused, as by the loader.</summary>
    private static CloudChiefSystem CheckSystem(CloudChiefSystem system, string where) =>
        system.Platform && !system.Office
            ? throw new ParameterException($"{where}: a unified platform needs an office to build it (set office to true, or platform to false)")
            : system;

    private static Scenario WithSystem(Scenario s, CloudChiefSystem system) => s with { System = CheckSystem(system, "cloud-chief-system") };

    /// <summary>A province's own structure after a change of one field (starting from what it has now).</summary>
    private static ProvinceSpec WithProvinceSystem(ProvinceSpec p, Scenario s, Func<CloudChiefSystem, CloudChiefSystem> change) =>
        p with { System = CheckSystem(change(p.System ?? s.System), $"province {p.Name}") };

    private delegate (ParameterKind Kind, long Min, long Max, IReadOnlyList<string>? Choices, Func<ProvinceSpec, object, Scenario, ProvinceSpec> Set) ProvinceSpecFactory(Scenario scenario);

    private static ProvinceSpecFactory IntField(long min, long max, Func<ProvinceSpec, int, ProvinceSpec> set) =>
        _ => (ParameterKind.Integer, min, max, null, (p, v, _) => set(p, (int)(long)v));

    private static ProvinceSpecFactory BoolField(Func<ProvinceSpec, bool, ProvinceSpec> set) =>
        _ => (ParameterKind.Boolean, 0, 1, null, (p, v, _) => set(p, (bool)v));

    private static readonly Dictionary<string, ProvinceSpecFactory> Province = new(StringComparer.Ordinal)
    {
        ["cities"] = IntField(0, AgentId.MaxCity + 1, (p, v) => p with { Cities = v }),
        ["counties"] = IntField(1, int.MaxValue, (p, v) => p with { Counties = v }),
        ["enterprises"] = IntField(0, AgentId.MaxIndex + 1, (p, v) => p with { Enterprises = v }),
        ["citizen-groups-per-county"] = IntField(0, AgentId.MaxIndex + 1, (p, v) => p with { CitizenGroupsPerCounty = v }),
        ["chiefs.city"] = BoolField((p, v) => p with { Chiefs = p.Chiefs with { CityChiefs = v } }),
        ["chiefs.county"] = BoolField((p, v) => p with { Chiefs = p.Chiefs with { CountyChiefs = v } }),
        ["chiefs.first-chief"] = BoolField((p, v) => p with { Chiefs = p.Chiefs with { FirstChief = v } }),
        ["chiefs.system-chiefs"] = IntField(0, int.MaxValue, (p, v) => p with { Chiefs = p.Chiefs with { SystemChiefs = v } }),
        ["chiefs.meeting-interval"] = IntField(0, int.MaxValue, (p, v) => p with { Chiefs = p.Chiefs with { MeetingInterval = v } }),
        ["office.rank"] = _ => (ParameterKind.Choice, 0, 0, Ranks, (p, v, _) => p with { Office = p.Office with { Rank = RankOf((string)v) } }),
        ["office.break-in-ticks"] = IntField(0, int.MaxValue, (p, v) => p with { Office = p.Office with { BreakInTicks = v } }),
        // Like the scenario file: a tick inside the run (of the base scenario) or 'none'.
        ["office.upgrade-at-tick"] = s => (ParameterKind.TickOrNone, 0, s.Ticks - 1, null,
            (p, v, _) => p with { Office = p.Office with { UpgradeAtTick = (long)v < 0 ? null : (int)(long)v } }),
        ["platform.base-databases"] = IntField(0, int.MaxValue, (p, v) => p with { Platform = p.Platform with { BaseDatabases = v } }),
        ["platform.theme-databases"] = IntField(0, int.MaxValue, (p, v) => p with { Platform = p.Platform with { ThemeDatabases = v } }),
        // A province's own governance: a mode brings its dials and structure; dials and structure fields override.
        ["mode"] = _ => (ParameterKind.Choice, 0, 0, [.. ScenarioDefaults.Modes.Keys],
            (p, v, _) => p with { Mode = (string)v, Dials = ScenarioDefaults.Modes[(string)v], System = ScenarioDefaults.ModeSystems[(string)v] }),
        ["dials.vertical"] = _ => (ParameterKind.Fraction, 0, 0, null, (p, v, s) => p with { Dials = (p.Dials ?? s.Dials) with { Vertical = (double)v } }),
        ["dials.horizontal"] = _ => (ParameterKind.Fraction, 0, 0, null, (p, v, s) => p with { Dials = (p.Dials ?? s.Dials) with { Horizontal = (double)v } }),
        ["cloud-chief-system.chiefs"] = _ => (ParameterKind.Boolean, 0, 1, null, (p, v, s) => WithProvinceSystem(p, s, c => c with { Chiefs = (bool)v })),
        ["cloud-chief-system.office"] = _ => (ParameterKind.Boolean, 0, 1, null, (p, v, s) => WithProvinceSystem(p, s, c => c with { Office = (bool)v })),
        ["cloud-chief-system.platform"] = _ => (ParameterKind.Boolean, 0, 1, null, (p, v, s) => WithProvinceSystem(p, s, c => c with { Platform = (bool)v })),
        ["cloud-chief-system.start-tick"] = s => (ParameterKind.Integer, 0, s.Ticks - 1, null, (p, v, sc) => WithProvinceSystem(p, sc, c => c with { StartTick = (int)(long)v })),
    };

    private static OfficeRank RankOf(string name) => name switch
    {
        "low" => OfficeRank.Low,
        "leading-group" => OfficeRank.LeadingGroup,
        _ => OfficeRank.High,
    };

    [GeneratedRegex(@"^provinces\[([^\]]+)\]\.(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ProvincePath();
}
