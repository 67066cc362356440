namespace OrleansGov.Scenarios;

/// <summary>
/// The catalogue of model constants, grouped by the mechanism that uses them (docs/MODEL.md §7.2 lists
/// each with its basis). A scenario may override any of them under <c>constants: { group: { name: value } }</c>;
/// an experiment may vary any of them as <c>constants.group.name</c>. Adding a constant is one
/// declaration here (and its use in a rule): parsing, range checks, defaults, the manifest, the
/// experiment parameters and the documentation test all read this list.
/// </summary>
/// <remarks>
/// All declarations are in this one file on purpose: a constant's <see cref="ConstantDef.Index"/> is
/// its position in declaration order, which C# guarantees only within one file.
/// Basis: <c>S</c> = stated assumption (a modelling choice, not estimated; a candidate for sensitivity
/// analysis), <c>A §x</c> = the article, <c>L</c> = the literature cited in docs/MODEL.md.
/// </remarks>
public static class Constants
{
    // Declared before every constant: the static initialisers run in textual order.
    private static readonly List<ConstantDef> Defs = new();

    /// <summary>Every constant, in declaration (= index) order.</summary>
    public static IReadOnlyList<ConstantDef> All => Defs;

    // ---- periods: the administrative calendar --------------------------------------------------
    public static readonly ConstantDef DirectivePeriod = Int("periods", "directive", 4, 1, 520, "ticks",
        "S", "ticks between rounds of directives, progress reports, office budgets and answers to proposals (a month)");
    public static readonly ConstantDef EvaluationPeriod = Int("periods", "evaluation", 13, 1, 520, "ticks",
        "S", "ticks between office inspections, accountability reviews and the national chief's refresh (a quarter)");
    public static readonly ConstantDef DirectiveHorizon = Int("periods", "directive-horizon", 13, 1, 520, "ticks",
        "S", "a directive's deadline, in ticks after it is issued");

    // ---- plan: what every chief pushes ------------------------------------------------------------
    public static readonly ConstantDef PlanYears = Real("plan", "years", 2.0, 0.1, 50, "years",
        "S", "the plan: all legacy systems on the cloud within this many years (target rises linearly)");
    public static readonly ConstantDef BehindTolerance = Fraction("plan", "behind-tolerance", 0.05, "adoption",
        "S", "a unit is behind plan when its adoption is more than this below the plan for now");

    // ---- hierarchy: how far a chief's push carries ------------------------------------------------
    public static readonly ConstantDef AuthorityNation = Fraction("hierarchy", "authority-nation", 1.0, "fraction",
        "S", "authority of the national chief (multiplies V × attention in a directive's binding)");
    public static readonly ConstantDef AuthorityProvince = Fraction("hierarchy", "authority-province", 1.0, "fraction",
        "S", "authority of a province chief");
    public static readonly ConstantDef AuthorityCity = Fraction("hierarchy", "authority-city", 0.8, "fraction",
        "S (A §2: the push weakens down the levels)", "authority of a city chief");
    public static readonly ConstantDef AuthorityCounty = Fraction("hierarchy", "authority-county", 0.6, "fraction",
        "S (A §2: the push weakens down the levels)", "authority of a county chief");
    public static readonly ConstantDef RelayFactor = Fraction("hierarchy", "relay-factor", 0.6, "fraction",
        "S", "share of a directive's binding a government without its own chief passes on");

    // ---- departments: heterogeneity drawn at initialisation -----------------------------------------
    public static readonly ConstantDef MinSystems = Int("departments", "min-systems", 2, 1, 1000, "systems",
        "S", "fewest legacy systems a department has (uniform integer between min and max)");
    public static readonly ConstantDef MaxSystems = Int("departments", "max-systems", 8, 1, 1000, "systems",
        "S", "most legacy systems a department has");
    public static readonly ConstantDef MinCapacity = Fraction("departments", "min-capacity", 0.5, "fraction",
        "S", "lowest department capacity (uniform between min and max)");
    public static readonly ConstantDef MaxCapacity = Fraction("departments", "max-capacity", 1.0, "fraction",
        "S", "upper end of department capacity (exclusive)");
    public static readonly ConstantDef WillingnessSpread = Fraction("departments", "willingness-spread", 0.15, "fraction",
        "S", "half-width of the uniform spread of willingness around preconditions.willingness");

    // ---- migration: effort and progress ----------------------------------------------------------
    public static readonly ConstantDef MigrationRate = Fraction("migration", "rate", 0.25, "systems/tick",
        "S", "systems moved per tick at full effort, capacity and readiness, before noise");
    public static readonly ConstantDef MigrationNoise = Fraction("migration", "noise", 0.5, "fraction",
        "S", "half-width of the multiplicative noise on progress: × (1 − noise + 2·noise·U)");
    public static readonly ConstantDef InitiativeEffort = Fraction("migration", "initiative-effort", 0.2, "effort",
        "S", "effort per unit of a department's intrinsic initiative (its effort with no push at all)");
    public static readonly ConstantDef OnTargetWeight = Fraction("migration", "on-target-weight", 0.3, "fraction",
        "S", "weight of a directive's binding once the department has reached its target");
    public static readonly ConstantDef PressureEffort = Fraction("migration", "pressure-effort", 0.4, "effort",
        "S", "effort per unit of supervision / accountability pressure");
    public static readonly ConstantDef PressureDecay = Fraction("migration", "pressure-decay", 0.05, "per tick",
        "S", "share of pressure that fades each tick");
    public static readonly ConstantDef Spillover = Fraction("migration", "spillover", 0.3, "effort",
        "S (L: inter-organisational learning)", "effort per unit of the summed adoption lead of linked partners that are ahead (capped at 1); 0 when none is ahead");
    public static readonly ConstantDef ContractCapacityBoost = Real("migration", "contract-capacity-boost", 0.6, 0, 10, "× quality",
        "S", "capacity gain per unit of an active contract's quality");

    // ---- sharing: data-sharing negotiation ---------------------------------------------------------
    public static readonly ConstantDef MaxOpenRequests = Int("sharing", "max-open-requests", 2, 0, 1000, "requests",
        "S", "open requests per department at most");
    public static readonly ConstantDef LinkDuration = Int("sharing", "link-duration", 52, 0, 100_000, "ticks",
        "S", "ticks a deal stays active before it lapses (renewed by a new deal)");
    public static readonly ConstantDef ChannelCostWithin = Fraction("sharing", "channel-cost-within", 0.0, "score",
        "S", "provider's extra reluctance within its government, × (1 − H)");
    public static readonly ConstantDef ChannelCostRegion = Fraction("sharing", "channel-cost-region", 0.15, "score",
        "S", "provider's extra reluctance for another region of the province, × (1 − H)");
    public static readonly ConstantDef ChannelCostProvince = Fraction("sharing", "channel-cost-province", 0.3, "score",
        "S", "provider's extra reluctance for another province, × (1 − H)");
    public static readonly ConstantDef WillingnessBase = Fraction("sharing", "willingness-base", 0.5, "score",
        "S", "weight of the provider's willingness in its score with H = 0");
    public static readonly ConstantDef WillingnessH = Fraction("sharing", "willingness-h", 0.5, "score",
        "S", "extra weight of willingness per unit of H");
    public static readonly ConstantDef LinkageWeight = Fraction("sharing", "linkage-weight", 0.3, "score",
        "S", "score per unit of the linkage lever");
    public static readonly ConstantDef MandateWeight = Fraction("sharing", "mandate-weight", 0.5, "score",
        "S", "score per unit of an arbiter's mandate");
    public static readonly ConstantDef PressureWeight = Fraction("sharing", "pressure-weight", 0.2, "score",
        "S", "score per unit of pressure × V");
    public static readonly ConstantDef PlatformEase = Fraction("sharing", "platform-ease", 0.15, "score",
        "S", "score added by a complete unified platform (scaled by readiness above its initial value)");
    public static readonly ConstantDef CounterBand = Fraction("sharing", "counter-band", 0.4, "score",
        "S", "width of the counter-offer band per unit of H");
    public static readonly ConstantDef CounterAcceptH = Fraction("sharing", "counter-accept-h", 0.3, "probability",
        "S", "chance of accepting a counter-offer added per unit of H (besides own willingness)");
    public static readonly ConstantDef CounterAcceptLinkage = Fraction("sharing", "counter-accept-linkage", 0.2, "probability",
        "S", "chance of accepting a counter-offer added per unit of linkage");
    public static readonly ConstantDef LinkageRequestBoost = Real("sharing", "linkage-request-boost", 1.0, 0, 10, "× linkage",
        "S", "request rate multiplied by (1 + this × linkage)");
    public static readonly ConstantDef RegionOpenH = Fraction("sharing", "region-open-h", 1.0, "probability",
        "S (A §3.3 challenge 3)", "chance the cross-region channel exists, per unit of H");
    public static readonly ConstantDef RegionOpenV = Fraction("sharing", "region-open-v", 0.5, "probability",
        "S (A §3.2: the chief coordinates inside the province)", "chance the cross-region channel exists, per unit of V");
    public static readonly ConstantDef ProvinceOpenH = Fraction("sharing", "province-open-h", 0.5, "probability",
        "S (A §3.3 challenge 3)", "chance the cross-province channel exists, per unit of H");
    public static readonly ConstantDef ProvinceOpenV = Fraction("sharing", "province-open-v", 0.5, "probability",
        "S (A §4.1: a national chief)", "chance the cross-province channel exists per unit of V, only with a national chief");
    public static readonly ConstantDef SanctionWillingnessGain = Fraction("sharing", "sanction-willingness-gain", 0.5, "× severity",
        "S (A §4.1: accountability curbs 部门本位)", "share of the way to full willingness a sanction moves a department, per unit of severity");
    public static readonly ConstantDef FreeRidingErosion = Fraction("sharing", "free-riding-erosion", 0.01, "per link·tick",
        "S (L: reciprocity in data sharing)", "share of willingness lost per tick for each partner it provides data to without receiving any");
    public static readonly ConstantDef NormPull = Fraction("sharing", "norm-pull", 0.01, "per tick",
        "S (L: institutional norms)", "share of the gap to its own norm (its initial willingness) that willingness recovers each tick");

    // ---- services: public services that need data -------------------------------------------------
    public static readonly ConstantDef ServiceSources = Int("services", "sources", 3, 0, 16, "departments",
        "S", "departments (k) whose data each department's service needs, drawn at initialisation");
    public static readonly ConstantDef SourceWithinShare = Fraction("services", "within-share", 0.4, "probability",
        "S (A §2: three kinds of horizontal link)", "probability a source is another department of the same government");
    public static readonly ConstantDef SourceRegionShare = Fraction("services", "region-share", 0.4, "probability",
        "S (A §2)", "probability a source is in another government of the province (the rest: another province)");
    public static readonly ConstantDef OwnData = Fraction("services", "own-data", 0.3, "fraction",
        "S", "share of a service that needs only the lead department's own data");
    public static readonly ConstantDef PublishMandate = Fraction("services", "publish-mandate", 0.6, "fraction",
        "S (A §3.1: one unified platform)", "share of its data a department publishes to a unified platform per unit of V, besides its willingness");

    // ---- office: Cloud Chief Office and unified platform ----------------------------------------
    public static readonly ConstantDef PlatformBuildRate = Fraction("office", "platform-build-rate", 0.015, "platform/tick",
        "S", "share of the platform built per tick at full effectiveness and budget");
    public static readonly ConstantDef BuildWithoutBudget = Fraction("office", "build-without-budget", 0.25, "fraction",
        "S", "building speed with no budget, as a share of full speed (the rest scales with the budget)");
    public static readonly ConstantDef InitialReadiness = Fraction("office", "initial-readiness", 0.25, "readiness",
        "S", "readiness of a unified platform before any database is built");
    public static readonly ConstantDef ScatteredReadiness = Fraction("office", "scattered-readiness", 0.5, "readiness",
        "S", "readiness of scattered department clouds (no unified platform)");
    public static readonly ConstantDef InspectionShare = Fraction("office", "inspection-share", 0.05, "per period",
        "S", "share of the province's departments inspected per evaluation period (at least one)");
    public static readonly ConstantDef RankCapLow = Fraction("office", "rank-cap-low", 0.4, "effectiveness",
        "S (ordering: A §3.3)", "effectiveness cap of a low-rank office (under another bureau)");
    public static readonly ConstantDef RankCapLeadingGroup = Fraction("office", "rank-cap-leading-group", 0.75, "effectiveness",
        "S (ordering: A §3.3)", "effectiveness cap of an office inside a leading group");
    public static readonly ConstantDef RankCapHigh = Fraction("office", "rank-cap-high", 1.0, "effectiveness",
        "S (ordering: A §3.3)", "effectiveness cap of a full department-level bureau");
    public static readonly ConstantDef ArbitrationBase = Fraction("office", "arbitration-base", 0.3, "probability",
        "S", "chance the office rules on a dispute with V = 0, × effectiveness");
    public static readonly ConstantDef ArbitrationV = Fraction("office", "arbitration-v", 0.7, "probability",
        "S", "extra chance of a ruling per unit of V, × effectiveness");

    // ---- procurement: government–enterprise outsourcing ---------------------------------------------
    public static readonly ConstantDef TenderRate = Fraction("procurement", "tender-rate", 0.05, "per tick",
        "S", "chance per tick a department without contract tenders, × the outsourcing lever");
    public static readonly ConstantDef EnterprisesInvited = Int("procurement", "enterprises-invited", 3, 1, 1000, "firms",
        "S", "invitations per tender (random firms of the province, duplicates dropped)");
    public static readonly ConstantDef ContractDuration = Int("procurement", "contract-duration", 26, 1, 100_000, "ticks",
        "S", "length of a contract");
    public static readonly ConstantDef MaxContractsPerEnterprise = Int("procurement", "max-contracts", 2, 0, 1000, "contracts",
        "S", "active contracts above which a firm stops bidding");
    public static readonly ConstantDef PriceWeight = Real("procurement", "price-weight", 0.5, 0, 10, "score",
        "S", "a bid's score is quality − this × price");
    public static readonly ConstantDef EnterpriseMinCapacity = Fraction("procurement", "min-capacity", 0.4, "fraction",
        "S", "lowest firm capacity (uniform between min and max)");
    public static readonly ConstantDef EnterpriseMaxCapacity = Fraction("procurement", "max-capacity", 1.0, "fraction",
        "S", "upper end of firm capacity (exclusive)");
    public static readonly ConstantDef BidQualityFloor = Fraction("procurement", "bid-quality-floor", 0.7, "× capacity",
        "S", "a bid's quality is capacity × (floor + spread·U)");
    public static readonly ConstantDef BidQualitySpread = Fraction("procurement", "bid-quality-spread", 0.3, "× capacity",
        "S", "spread of a bid's quality");
    public static readonly ConstantDef PriceBase = Fraction("procurement", "price-base", 0.3, "price",
        "S", "a bid's price is base + spread·U + per-capacity × capacity");
    public static readonly ConstantDef PriceSpread = Fraction("procurement", "price-spread", 0.4, "price",
        "S", "spread of a bid's price");
    public static readonly ConstantDef PricePerCapacity = Fraction("procurement", "price-per-capacity", 0.3, "price",
        "S", "price per unit of the firm's capacity");
    public static readonly ConstantDef DeliveryFloor = Fraction("procurement", "delivery-floor", 0.8, "× capacity",
        "S", "a delivery's quality is capacity × (floor + spread·U)");
    public static readonly ConstantDef DeliverySpread = Fraction("procurement", "delivery-spread", 0.2, "× capacity",
        "S", "spread of a delivery's quality");
    public static readonly ConstantDef DeliveredQualityRetention = Fraction("procurement", "delivered-retention", 0.98, "per tick",
        "S", "share of a delivered project's lasting value kept each tick");
    public static readonly ConstantDef SpecBase = Fraction("procurement", "spec-base", 0.4, "fraction",
        "S (A §4.2: demand coordination)", "how well a contract specifies what citizens need with H = 0 (the rest grows with H)");
    public static readonly ConstantDef QualityBar = Fraction("procurement", "quality-bar", 0.5, "quality",
        "S (L: contract-management capacity)", "quality of in-house delivery a contracted firm must beat to improve a service");

    // ---- quality: levers acting on the services delivered -------------------------------------------
    public static readonly ConstantDef ContractGain = Fraction("quality", "contract-gain", 0.5, "× value",
        "S", "relative change of a service per unit of contract value (value = firm quality × specification − quality bar; may be negative)");
    public static readonly ConstantDef ImprovementGain = Fraction("quality", "improvement-gain", 0.5, "× improvement",
        "S", "relative improvement of a service per unit of improvement ordered after constructive proposals");
    public static readonly ConstantDef ImprovementRetention = Fraction("quality", "improvement-retention", 0.99, "per tick",
        "S", "share of an ordered improvement kept each tick");

    // ---- citizens: demand, satisfaction, proposals ------------------------------------------------
    public static readonly ConstantDef MinDemand = Fraction("citizens", "min-demand", 0.3, "per tick",
        "S", "lowest chance per tick a group asks for a service (uniform between min and max)");
    public static readonly ConstantDef MaxDemand = Fraction("citizens", "max-demand", 0.7, "per tick",
        "S", "upper end of a group's demand (exclusive)");
    public static readonly ConstantDef MaturitySpread = Fraction("citizens", "maturity-spread", 0.1, "fraction",
        "S", "half-width of the spread of social maturity around preconditions.social-maturity");
    public static readonly ConstantDef InitialSatisfaction = Fraction("citizens", "initial-satisfaction", 0.4, "satisfaction",
        "S", "satisfaction at the start");
    public static readonly ConstantDef SatisfactionLearning = Fraction("citizens", "satisfaction-learning", 0.1, "per delivery",
        "S", "share of the gap to a delivered quality by which satisfaction moves");
    public static readonly ConstantDef Expectation = Fraction("citizens", "expectation", 0.6, "quality",
        "S", "quality citizens expect; below it they may make a proposal");
    public static readonly ConstantDef ParticipationWindow = Int("citizens", "participation-window", 13, 1, 100_000, "ticks",
        "S", "ticks a group counts as participating after its last proposal");
    public static readonly ConstantDef ProposalImprovement = Fraction("citizens", "proposal-improvement", 0.1, "improvement",
        "S", "improvement a government orders per constructive proposal about a department");

    // ---- initiative: intrinsic motivation and its crowding out -----------------------------------
    public static readonly ConstantDef InitiativeMean = Fraction("initiative", "mean", 0.3, "initiative",
        "S", "mean intrinsic initiative of departments, drawn uniform on [max(0, 2·mean − 1), min(1, 2·mean)]: heterogeneous, near 0 for some");
    public static readonly ConstantDef InitiativeErosion = Fraction("initiative", "erosion", 0.02, "per tick",
        "S (L: motivation crowding, Frey & Jegen 2001)", "share of initiative lost per tick under full external pressure (binding or sanction pressure)");
    public static readonly ConstantDef InitiativeRecovery = Fraction("initiative", "recovery", 0.005, "per tick",
        "S (L: Frey & Jegen 2001)", "share of the gap to its own initial initiative recovered per tick without pressure");

    // ---- formalism: paper migration and its detection ----------------------------------------------
    public static readonly ConstantDef FormalismPropensity = Fraction("formalism", "propensity", 0.2, "probability",
        "S (L: Gao 2015; O'Brien & Li 1999)", "chance a department behind a directive at its deadline reports one more system as migrated than it has, × binding × shortfall factor × (1 − ability)");
    public static readonly ConstantDef ShortfallScale = Fraction("formalism", "shortfall-scale", 0.2, "adoption",
        "S", "shortfall below a directive's target at which the shortfall factor is full");
    public static readonly ConstantDef DetectionRate = Fraction("formalism", "detection-rate", 0.6, "probability",
        "S", "chance an inspection finds paper systems, × the office's effectiveness");
    public static readonly ConstantDef CaughtPressure = Fraction("formalism", "caught-pressure", 0.8, "pressure",
        "S", "pressure on a department caught reporting paper systems");

    // ---- coordination: what horizontal work costs --------------------------------------------------
    public static readonly ConstantDef CostPerRound = Fraction("coordination", "per-round", 0.03, "capacity",
        "S (L: coordination costs)", "share of capacity taken per negotiation message handled per tick (smoothed)");
    public static readonly ConstantDef LoadSmoothing = Fraction("coordination", "smoothing", 0.2, "per tick",
        "S", "weight of this tick's negotiation messages in the smoothed load");
    public static readonly ConstantDef LinkUpkeep = Fraction("coordination", "link-upkeep", 0.015, "capacity",
        "S (L: coordination costs)", "share of capacity taken by link upkeep, × links^exponent");
    public static readonly ConstantDef UpkeepExponent = Real("coordination", "exponent", 1.5, 1, 3, "",
        "S (L: pairwise coordination grows faster than partners)", "exponent of the number of links in the upkeep");
    public static readonly ConstantDef ContractManagement = Fraction("coordination", "contract-management", 0.1, "capacity",
        "S (L: contract-management capacity)", "share of capacity taken by managing an active contract");

    // ---- chiefs: heterogeneous leaders, rotation and shocks ------------------------------------------
    public static readonly ConstantDef InitialSpread = Fraction("chiefs", "initial-spread", 0.1, "attention",
        "S", "half-width of the spread of a chief's attention at appointment around mechanisms.attention.initial");
    public static readonly ConstantDef DecaySpread = Fraction("chiefs", "decay-spread", 0.5, "fraction",
        "S", "a chief's decay rate is mechanisms.attention.decay-per-tick × uniform [1 − spread, 1 + spread]");
    public static readonly ConstantDef TenureYears = Real("chiefs", "tenure-years", 3.5, 0.1, 100, "years",
        "L (Eaton & Kostka 2014: local leaders change office every three to four years)", "mean tenure of a chief: each tick replaced with probability 1 / (tenure × ticks per year)");
    public static readonly ConstantDef SuccessorMin = Fraction("chiefs", "successor-min", 0.3, "attention",
        "S", "lowest attention a successor brings (uniform between min and max)");
    public static readonly ConstantDef SuccessorMax = Fraction("chiefs", "successor-max", 0.9, "attention",
        "S", "highest attention a successor brings");
    public static readonly ConstantDef ShockRate = Fraction("chiefs", "shock-rate", 0.01, "per tick",
        "S", "chance per tick a province meets a crisis that diverts its leaders (about one in two years)");
    public static readonly ConstantDef ShockAttentionLoss = Fraction("chiefs", "shock-attention-loss", 0.5, "fraction",
        "S", "share of attention the province's chiefs lose in a crisis");
    public static readonly ConstantDef ShockBudgetCut = Fraction("chiefs", "shock-budget-cut", 0.5, "fraction",
        "S", "share of the office budget cut while a crisis lasts");
    public static readonly ConstantDef ShockDuration = Int("chiefs", "shock-duration", 26, 0, 100_000, "ticks",
        "S", "ticks a crisis cuts the budget");

    // ---- switching: the cost of changing a province's mode ----------------------------------------
    public static readonly ConstantDef SwitchOfficeLoss = Fraction("switching", "office-loss", 0.5, "× d/2",
        "S (L: reorganisation costs)", "share of office effectiveness lost in a reorganisation, × d/2 (d = |ΔV| + |ΔH|)");
    public static readonly ConstantDef SwitchLinkLoss = Fraction("switching", "link-loss", 0.5, "× d/2",
        "S", "chance each data-sharing link is lost in a reorganisation, × d/2");
    public static readonly ConstantDef SwitchTrustLoss = Fraction("switching", "trust-loss", 0.3, "× d/2",
        "S", "share of willingness lost in a reorganisation, × d/2");
    public static readonly ConstantDef SwitchDisruption = Fraction("switching", "disruption", 0.5, "fraction",
        "S", "share of migration effort lost during the disruption period");
    public static readonly ConstantDef DisruptionTicks = Real("switching", "disruption-ticks", 26, 0, 10_000, "ticks per unit d",
        "S", "length of the disruption period per unit of d");

    // ---- metrics: windows of the recent rates ---------------------------------------------------
    public static readonly ConstantDef RecentWindow = Int("metrics", "window", 52, 1, 100_000, "ticks",
        "S", "window of the *_recent sharing rates and counts (a year)");
    public static readonly ConstantDef ComplianceWindow = Int("metrics", "compliance-window", 13, 1, 100_000, "ticks",
        "S", "window of directive_compliance_recent (a quarter)");
    public static readonly ConstantDef ComplaintRate = Fraction("citizens", "complaint-rate", 0.5, "per delivery",
        "S (L: voice, Hirschman 1970)", "chance of a complaint after a delivery below expectation, × the gap as a share of the expectation");
    public static readonly ConstantDef ProposalRate = Fraction("citizens", "proposal-rate", 0.5, "per delivery",
        "S (A §4.2)", "chance of a constructive proposal after a delivery, × participation × social maturity × H");

    /// <summary>The groups in declaration order.</summary>
    public static IReadOnlyList<string> Groups { get; } = [.. Defs.Select(d => d.Group).Distinct()];

    private static readonly Dictionary<string, ConstantDef> ByKey = Defs.ToDictionary(d => d.Key, StringComparer.Ordinal);

    /// <summary>The constant at <c>group.name</c>, or null.</summary>
    public static ConstantDef? Find(string key) => ByKey.GetValueOrDefault(key);

    /// <summary>The constants of one group, in declaration order.</summary>
    public static IEnumerable<ConstantDef> InGroup(string group) => Defs.Where(d => d.Group == group);

    /// <summary>Pairs that must be ordered (first ≤ second): the lower and upper ends of uniform draws.</summary>
    private static readonly (ConstantDef Low, ConstantDef High)[] Ordered =
    [
        (MinSystems, MaxSystems),
        (MinCapacity, MaxCapacity),
        (EnterpriseMinCapacity, EnterpriseMaxCapacity),
        (MinDemand, MaxDemand),
        (SuccessorMin, SuccessorMax),
    ];

    /// <summary>
    /// Checks what a single range cannot: ordered pairs and shares that must add up to at most 1.
    /// Returns the first problem (naming the constant to change), or null.
    /// </summary>
    public static (ConstantDef Constant, string Reason)? Inconsistency(ConstantValues values)
    {
        foreach (var (low, high) in Ordered)
        {
            if (values[low] > values[high])
            {
                return (high, $"must be at least {low.ParameterPath} ({values[low]}), got {values[high]}");
            }
        }
        if (values[SourceWithinShare] + values[SourceRegionShare] > 1)
        {
            return (SourceRegionShare, $"{SourceWithinShare.ParameterPath} + {SourceRegionShare.ParameterPath} must be at most 1 (got {values[SourceWithinShare]} + {values[SourceRegionShare]})");
        }
        return null;
    }

    private static ConstantDef Fraction(string group, string name, double value, string unit, string basis, string meaning) =>
        Add(group, name, ConstantKind.Fraction, value, 0, 1, unit, basis, meaning);

    private static ConstantDef Real(string group, string name, double value, double min, double max, string unit, string basis, string meaning) =>
        Add(group, name, ConstantKind.Real, value, min, max, unit, basis, meaning);

    private static ConstantDef Int(string group, string name, int value, int min, int max, string unit, string basis, string meaning) =>
        Add(group, name, ConstantKind.Integer, value, min, max, unit, basis, meaning);

    private static ConstantDef Add(string group, string name, ConstantKind kind, double value, double min, double max, string unit, string basis, string meaning)
    {
        var def = new ConstantDef(Defs.Count, group, name, kind, value, min, max, unit, basis, meaning);
        Defs.Add(def);
        return def;
    }
}
