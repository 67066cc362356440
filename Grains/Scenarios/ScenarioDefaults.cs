namespace OrleansGov.Scenarios;

/// <summary>
/// Default values of every scenario setting, the four governance modes as dial presets, and the
/// three real provinces' cloud-chief structures. docs/MODEL.md gives each value's basis.
/// </summary>
public static class ScenarioDefaults
{
    public const ulong Seed = 1;
    public const int Ticks = 260;
    public const int TicksPerYear = 52;
    public const int CitizenGroupsPerCounty = 2;

    /// <summary>The eight departments every government has unless the scenario lists others.</summary>
    public static readonly string[] Departments =
    [
        "public-security", "health", "civil-affairs", "market-regulation",
        "human-resources", "natural-resources", "transport", "education",
    ];

    /// <summary>The four governance modes of the article's framework (§2), as (vertical, horizontal) dials.</summary>
    public static readonly IReadOnlyDictionary<string, Dials> Modes = new Dictionary<string, Dials>(StringComparer.Ordinal)
    {
        ["loose"] = new(0.2, 0.2),
        ["authority"] = new(0.85, 0.2),
        ["cooperative"] = new(0.2, 0.85),
        ["collaborative"] = new(0.85, 0.85),
    };

    public const string DefaultMode = "authority";

    /// <summary>
    /// The Cloud Chief system each mode brings (docs/MODEL.md §5.4): <c>loose</c> is the pre-reform
    /// baseline without it; <c>authority</c> and <c>collaborative</c> have chiefs, office and unified
    /// platform; <c>cooperative</c> has no authority core (no chiefs, no office) and no mandated
    /// platform: each party keeps its data on its own cloud and exchanges it on demand, bilaterally
    /// (article §2, 合作治理).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, CloudChiefSystem> ModeSystems = new Dictionary<string, CloudChiefSystem>(StringComparer.Ordinal)
    {
        ["loose"] = CloudChiefSystem.None,
        ["authority"] = CloudChiefSystem.Full,
        ["cooperative"] = CloudChiefSystem.None,
        ["collaborative"] = CloudChiefSystem.Full,
    };

    public static readonly Mechanisms Mechanisms = new(
        Attention: new AttentionSettings(
            Decay: true, DecayPerTick: 0.02, Baseline: 0.15, Initial: 0.9,
            MeetingBoost: 0.5, DirectiveRefresh: 0.5, AccountabilityBoost: 0.4),
        OverlappingStructures: true,
        UnifiedPlatform: true,
        Negotiation: new NegotiationSettings(TimeoutTicks: 4, MaxRounds: 2, RequestRate: 0.08));

    public static readonly Levers Levers = new(NationalChief: false, Accountability: 0, Linkage: 0, Outsourcing: 0, Participation: 0);

    public static readonly Preconditions Preconditions = new(Willingness: 0.35, SocialMaturity: 0.3);

    /// <summary>A synthetic province: a typical prefecture-level structure with chiefs at every level.</summary>
    public static ProvinceSpec SyntheticProvince(string name) => new(
        Name: name, Preset: null, Cities: 10, Counties: 90, Enterprises: 30,
        CitizenGroupsPerCounty: CitizenGroupsPerCounty,
        Chiefs: new ChiefStructure(CityChiefs: true, CountyChiefs: true, FirstChief: false, SystemChiefs: 0, MeetingInterval: 0),
        Office: new OfficeSpec(OfficeRank.LeadingGroup, BreakInTicks: 16, UpgradeAtTick: null),
        Platform: new PlatformSpec(BaseDatabases: 4, ThemeDatabases: 6));

    /// <summary>The three real structures of the article's §3.1 (counts: MODEL-BRIEF §2a).</summary>
    public static readonly IReadOnlyDictionary<string, ProvinceSpec> Provinces = new Dictionary<string, ProvinceSpec>(StringComparer.Ordinal)
    {
        // Three levels; general + first cloud chief; full department-level Big Data Bureau; "7+N" clouds, 12 theme databases.
        ["guizhou"] = new("guizhou", "guizhou", Cities: 9, Counties: 88, Enterprises: 40, CitizenGroupsPerCounty,
            new ChiefStructure(CityChiefs: true, CountyChiefs: true, FirstChief: true, SystemChiefs: 0, MeetingInterval: 0),
            new OfficeSpec(OfficeRank.High, BreakInTicks: 8, UpgradeAtTick: null),
            new PlatformSpec(4, 12)),
        // Municipality with districts/counties directly under it; general – system – department chiefs with regular
        // meetings; Big Data Bureau first under the Economy and IT Commission, raised in rank later; "1+N".
        ["chongqing"] = new("chongqing", "chongqing", Cities: 0, Counties: 38, Enterprises: 50, CitizenGroupsPerCounty,
            new ChiefStructure(CityChiefs: false, CountyChiefs: true, FirstChief: false, SystemChiefs: 4, MeetingInterval: 4),
            new OfficeSpec(OfficeRank.Low, BreakInTicks: 26, UpgradeAtTick: 52),
            new PlatformSpec(4, 6)),
        // Two levels (region – city); office inside the Digital Guangxi leading group; "1+N+14".
        ["guangxi"] = new("guangxi", "guangxi", Cities: 14, Counties: 111, Enterprises: 30, CitizenGroupsPerCounty,
            new ChiefStructure(CityChiefs: true, CountyChiefs: false, FirstChief: false, SystemChiefs: 0, MeetingInterval: 0),
            new OfficeSpec(OfficeRank.LeadingGroup, BreakInTicks: 16, UpgradeAtTick: null),
            new PlatformSpec(4, 14)),
    };
}
