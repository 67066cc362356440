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
    ConstantValues Constants = null!)
{
    /// <summary>Every model constant (defaults unless the scenario's <c>constants:</c> overrides them); never null, also for an old manifest without them.</summary>
    [Id(13)]
    public ConstantValues Constants { get; init; } = Constants ?? ConstantValues.Defaults;
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
    PlatformSpec Platform);

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
    bool Responsiveness = true);

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
}

/// <summary>A timeline event at a tick; <c>Province</c> null means every province where that matters.</summary>
[GenerateSerializer, Immutable, Alias("og.intervention-spec")]
public sealed record Intervention(
    int Tick,
    InterventionKind Kind,
    string? Province = null,
    string? Lever = null,
    double? Value = null,
    double? Vertical = null,
    double? Horizontal = null);
