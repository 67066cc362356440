using System.Globalization;

namespace OrleansGov.Scenarios;

/// <summary>
/// A fully resolved scenario: every preset expanded, every default filled in. This is what engines
/// run and what a results manifest records, so a run can be reproduced from its manifest alone.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.scenario")]
public sealed record Scenario(
    string Name,
    string Description,
    ulong Seed,
    int Ticks,
    int TicksPerYear,
    string? Mode,
    Dials Dials,
    string[] Departments,
    ProvinceSpec[] Provinces,
    Mechanisms Mechanisms,
    Levers Levers,
    Preconditions Preconditions,
    Intervention[] Timeline,
    ConstantValues Constants = null!,
    CloudChiefSystem System = null!,
    string? StartDate = null,
    OutputSpec Outputs = null!)
{
    /// <summary>Every model constant (defaults unless the scenario's <c>constants:</c> overrides them); never null, also for an old manifest without them.</summary>
    [Id(13)]
    public ConstantValues Constants { get; init; } = Constants ?? ConstantValues.Defaults;

    /// <summary>
    /// The Cloud Chief system every province has unless it states its own (the mode's structure, or
    /// the scenario's <c>cloud-chief-system:</c>); never null (a manifest written before it existed
    /// had the full system everywhere).
    /// </summary>
    [Id(14)]
    public CloudChiefSystem System { get; init; } = System ?? CloudChiefSystem.Full;

    /// <summary>The declared outputs (<c>outputs:</c>); never null (none by default, and for an old manifest).</summary>
    [Id(16)]
    public OutputSpec Outputs { get; init; } = Outputs ?? OutputSpec.None;

    /// <summary>The governance dials of province <paramref name="p"/> at the start (its own, or the scenario's).</summary>
    public Dials DialsOf(int p) => Provinces[p].Dials ?? Dials;

    /// <summary>The Cloud Chief system of province <paramref name="p"/> at the start (its own, or the scenario's).</summary>
    public CloudChiefSystem SystemOf(int p) => Provinces[p].System ?? System;

    /// <summary>
    /// The calendar date tick <paramref name="tick"/> starts on (yyyy-MM-dd), when the scenario has a
    /// <c>start-date</c>: start + ⌊tick × 365.2425 / ticks per year⌋ days, so a year of ticks is a
    /// calendar year (weekly ticks drift by at most a day within it). Null without a start date.
    /// </summary>
    public string? DateOf(int tick)
    {
        if (StartDate is null) return null;
        var start = DateOnly.ParseExact(StartDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return start.AddDays((int)Math.Floor(tick * 365.2425 / TicksPerYear)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// The Cloud Chief system as a structure a province may or may not have (article §3.1): cloud chiefs
/// (leaders made responsible, whose attention is boosted), a Cloud Chief Office (inspections,
/// arbitration inside the province, building the platform) and a unified cloud platform (data pooled
/// one-to-many). Before <paramref name="StartTick"/> none of them exists; at it they are set up
/// (chiefs appointed, the office's break-in begins). The pre-reform baseline has none.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.cloud-chief-system")]
public sealed record CloudChiefSystem(bool Chiefs, bool Office, bool Platform, int StartTick = 0)
{
    /// <summary>Chiefs, office and platform from tick 0.</summary>
    public static CloudChiefSystem Full { get; } = new(true, true, true);

    /// <summary>No Cloud Chief system: the pre-reform baseline.</summary>
    public static CloudChiefSystem None { get; } = new(false, false, false);

    /// <summary>Chiefs in office at <paramref name="tick"/>.</summary>
    public bool ChiefsAt(int tick) => Chiefs && tick >= StartTick;

    /// <summary>An office at work at <paramref name="tick"/>.</summary>
    public bool OfficeAt(int tick) => Office && tick >= StartTick;

    /// <summary>A unified platform being built and used at <paramref name="tick"/>.</summary>
    public bool PlatformAt(int tick) => Platform && tick >= StartTick;
}

/// <summary>The two governance dials of the article's framework, each in [0, 1].</summary>
[GenerateSerializer, Immutable, Alias("og.dials")]
public sealed record Dials(double Vertical, double Horizontal);

/// <summary>One province (or province-level unit) and its cloud-chief structure.</summary>
/// <param name="Name">Identifier used in results and timeline targets (e.g. <c>guizhou</c>).</param>
/// <param name="Cities">Prefecture-level cities; 0 puts counties directly under the province (Chongqing).</param>
/// <param name="Counties">County-level units in all, spread over the cities as evenly as possible.</param>
/// <param name="Enterprises">Digital-service firms in the province.</param>
/// <param name="CitizenGroupsPerCounty">Citizen groups per county.</param>
/// <param name="Mode">The province's own governance mode (informational, like the scenario's), or null.</param>
/// <param name="Dials">The province's own dials, or null for the scenario's.</param>
/// <param name="System">The province's own Cloud Chief system, or null for the scenario's.</param>
[GenerateSerializer, Immutable, Alias("og.province")]
public sealed record ProvinceSpec(
    string Name,
    string? Preset,
    int Cities,
    int Counties,
    int Enterprises,
    int CitizenGroupsPerCounty,
    ChiefStructure Chiefs,
    OfficeSpec Office,
    PlatformSpec Platform,
    string? Mode = null,
    Dials? Dials = null,
    CloudChiefSystem? System = null);

/// <summary>
/// Who is a cloud chief. The province government always has a (general) chief.
/// <paramref name="FirstChief"/>: a second provincial leader in charge (Guizhou's 第一云长).
/// <paramref name="SystemChiefs"/>: provincial leaders who each supervise a group of departments (Chongqing's 系统云长).
/// <paramref name="MeetingInterval"/>: ticks between the general chief's regular meetings; 0 for none.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.chiefs")]
public sealed record ChiefStructure(bool CityChiefs, bool CountyChiefs, bool FirstChief, int SystemChiefs, int MeetingInterval);

/// <summary>Where the Cloud Chief Office sits, which bounds how effective it can become.</summary>
[GenerateSerializer]
public enum OfficeRank : byte
{
    /// <summary>Under another bureau (Chongqing's first Big Data Bureau under the Economy and IT Commission).</summary>
    Low = 0,
    /// <summary>Inside a leading group (Guangxi's Digital Guangxi leading group).</summary>
    LeadingGroup = 1,
    /// <summary>A full department-level bureau directly under the province (Guizhou).</summary>
    High = 2,
}

/// <summary>The office's rank, its break-in time, and an optional scheduled upgrade to high rank.</summary>
[GenerateSerializer, Immutable, Alias("og.office")]
public sealed record OfficeSpec(OfficeRank Rank, int BreakInTicks, int? UpgradeAtTick);

/// <summary>The unified cloud platform to build: four base databases plus theme databases.</summary>
[GenerateSerializer, Immutable, Alias("og.platform-spec")]
public sealed record PlatformSpec(int BaseDatabases, int ThemeDatabases);

/// <summary>
/// The article's mechanisms, each switchable so that its effect can be shown by ablation
/// (docs/MODEL.md §6). All are on by default.
/// </summary>
/// <param name="DirectiveBinding">Directives raise departments' migration effort by their binding (vertical push).</param>
/// <param name="HorizontalCoordination">The horizontal dial eases data-sharing negotiation (acceptance, counter-offers, channels); off: negotiation runs as if H were 0.</param>
/// <param name="PeerLearning">Active sharing links raise migration effort, scaled by H.</param>
/// <param name="SanctionsCurbObstruction">Accountability sanctions raise a department's willingness to share.</param>
/// <param name="Arbitration">Refused requesters may escalate to the office or the national chief.</param>
/// <param name="Responsiveness">Governments answer citizens' proposals with service directives.</param>
/// <param name="Formalism">Departments behind a binding directive at its deadline may report unmigrated systems as migrated (paper migration).</param>
/// <param name="CrowdingOut">External pressure erodes departments' intrinsic initiative.</param>
/// <param name="CoordinationCost">Negotiation rounds, link upkeep and contract management take capacity from migration.</param>
/// <param name="FreeRiding">Unreciprocated data provision erodes a provider's willingness to share.</param>
/// <param name="SwitchingCost">A change of a province's dials reorganises it (office, links and trust partly lost; a disruption period).</param>
/// <param name="Rotation">Cloud chiefs are replaced at random (cadre rotation).</param>
/// <param name="Shocks">Provinces meet random crises that divert attention and budget.</param>
[GenerateSerializer, Immutable, Alias("og.mechanisms")]
public sealed record Mechanisms(
    AttentionSettings Attention,
    bool OverlappingStructures,
    bool UnifiedPlatform,
    NegotiationSettings Negotiation,
    bool DirectiveBinding = true,
    bool HorizontalCoordination = true,
    bool PeerLearning = true,
    bool SanctionsCurbObstruction = true,
    bool Arbitration = true,
    bool Responsiveness = true,
    bool Formalism = true,
    bool CrowdingOut = true,
    bool CoordinationCost = true,
    bool FreeRiding = true,
    bool SwitchingCost = true,
    bool Rotation = true,
    bool Shocks = true);

/// <summary>Leaders' attention: decays toward a baseline and is refreshed by meetings, directives and accountability.</summary>
[GenerateSerializer, Immutable, Alias("og.attention")]
public sealed record AttentionSettings(
    bool Decay,
    double DecayPerTick,
    double Baseline,
    double Initial,
    double MeetingBoost,
    double DirectiveRefresh,
    double AccountabilityBoost);

/// <summary>Data-sharing negotiation: how long a request waits, how many counter-offer rounds, how often departments ask.</summary>
[GenerateSerializer, Immutable, Alias("og.negotiation")]
public sealed record NegotiationSettings(int TimeoutTicks, int MaxRounds, double RequestRate);

/// <summary>The article's §4 levers.</summary>
/// <param name="NationalChief">A national cloud chief and office exist.</param>
/// <param name="Accountability">Strength of accountability for passive or obstructing units, [0, 1].</param>
/// <param name="Linkage">Inter-department linkage (organisation, technology, institutions), [0, 1].</param>
/// <param name="Outsourcing">Government–enterprise outsourcing, [0, 1].</param>
/// <param name="Participation">Citizen participation channels, [0, 1].</param>
[GenerateSerializer, Immutable, Alias("og.levers")]
public sealed record Levers(bool NationalChief, double Accountability, double Linkage, double Outsourcing, double Participation);

/// <summary>Cooperative governance's preconditions (article §2): will to cooperate and mature social organisations.</summary>
[GenerateSerializer, Immutable, Alias("og.preconditions")]
public sealed record Preconditions(double Willingness, double SocialMaturity);

/// <summary>What a timeline event does.</summary>
[GenerateSerializer]
public enum InterventionKind : byte
{
    /// <summary>A province chief's attention moves elsewhere: it is set to <c>Value</c>.</summary>
    AttentionShift = 0,
    /// <summary>A national cloud chief is appointed.</summary>
    AppointNationalChief = 1,
    /// <summary>The national cloud chief is withdrawn.</summary>
    DismissNationalChief = 2,
    /// <summary>The governance dials change to <c>Vertical</c>/<c>Horizontal</c>.</summary>
    SetDials = 3,
    /// <summary>The lever named <c>Lever</c> is set to <c>Value</c>.</summary>
    SetLever = 4,
    /// <summary>A province's office is raised to high rank.</summary>
    UpgradeOffice = 5,
    /// <summary>A province (or every province) moves to the governance mode <c>Mode</c>: its dials and Cloud Chief system.</summary>
    SetMode = 6,
}

/// <summary>A timeline event at a tick; <c>Province</c> null means every province where that matters.</summary>
[GenerateSerializer, Immutable, Alias("og.intervention-spec")]
/// <remarks>
/// A <see cref="InterventionKind.SetMode"/> event carries the mode's name for the record and, resolved at
/// load time, its dials and <paramref name="System"/>; the rules see only those.
/// </remarks>
public sealed record Intervention(
    int Tick,
    InterventionKind Kind,
    string? Province = null,
    string? Lever = null,
    double? Value = null,
    double? Vertical = null,
    double? Horizontal = null,
    string? Mode = null,
    CloudChiefSystem? System = null);
