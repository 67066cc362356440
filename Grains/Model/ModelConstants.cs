namespace OrleansGov.Model;

/// <summary>
/// Fixed rule constants that are stated assumptions rather than scenario settings (docs/MODEL.md
/// lists each with its basis). Scenario settings live in <see cref="Scenarios.Scenario"/>.
/// </summary>
public static class ModelConstants
{
    /// <summary>Ticks between a chief's rounds of directives, reports and budget allocations (a month).</summary>
    public const int DirectivePeriod = 4;

    /// <summary>Ticks between evaluations: office inspections and accountability reviews (a quarter).</summary>
    public const int EvaluationPeriod = 13;

    /// <summary>A directive's deadline, in ticks after it is issued (a quarter).</summary>
    public const int DirectiveHorizon = 13;

    /// <summary>The plan every chief pushes: all legacy systems on the unified cloud within this many years.</summary>
    public const double PlanYears = 2.0;

    /// <summary>Authority of a chief by level: province, city, county.</summary>
    public static double Authority(GovernmentLevel level) => level switch
    {
        GovernmentLevel.Nation => 1.0,
        GovernmentLevel.Province => 1.0,
        GovernmentLevel.City => 0.8,
        _ => 0.6,
    };

    /// <summary>Share of a directive's binding that a government without its own chief passes on.</summary>
    public const double RelayFactor = 0.6;

    // Departments
    public const int MinSystems = 2, MaxSystems = 8;
    public const double MinCapacity = 0.5, MaxCapacity = 1.0;
    public const double WillingnessSpread = 0.15;
    /// <summary>Systems migrated per tick at full effort, capacity and platform readiness.</summary>
    public const double MigrationRate = 0.25;
    /// <summary>Effort a department puts into migration with no push at all.</summary>
    public const double IntrinsicEffort = 0.05;
    /// <summary>Extra effort per active sharing link, scaled by horizontal coordination (peer learning).</summary>
    public const double PeerEffortPerLink = 0.04;
    public const int PeerLinksCounted = 5;
    /// <summary>Effort from supervision/accountability pressure.</summary>
    public const double PressureEffort = 0.4;
    public const double PressureDecay = 0.05;
    /// <summary>How much a sanction raises a department's willingness to share (curbs department-first).</summary>
    public const double SanctionWillingnessGain = 0.5;
    public const int MaxLinks = 6;
    public const int MaxOpenRequests = 2;
    /// <summary>Weeks a data-sharing deal stays active.</summary>
    public const int LinkDuration = 52;
    /// <summary>Probability that a request uses each channel: within government, across regions, across provinces.</summary>
    public const double WithinShare = 0.5, RegionShare = 0.3;
    /// <summary>Extra reluctance per channel (distance), offset by horizontal coordination.</summary>
    public static double ChannelCost(SharingChannel channel) => channel switch
    {
        SharingChannel.WithinGovernment => 0.0,
        SharingChannel.CrossRegion => 0.15,
        _ => 0.3,
    };

    // Procurement
    public const double TenderRate = 0.05;
    public const int EnterprisesInvited = 3;
    public const int ContractDuration = 26;
    public const int MaxContractsPerEnterprise = 2;
    public const double ContractCapacityBoost = 0.6;

    // Office and platform
    /// <summary>Share of the unified platform built per tick at full effectiveness and budget.</summary>
    public const double PlatformBuildRate = 0.015;
    /// <summary>Readiness of the platform before any database is built (and without a unified platform: fixed at <see cref="ScatteredReadiness"/>).</summary>
    public const double InitialReadiness = 0.25;
    public const double ScatteredReadiness = 0.5;
    public const int InspectionsPerEvaluation = 8;
    public static double RankCap(Scenarios.OfficeRank rank) => rank switch
    {
        Scenarios.OfficeRank.High => 1.0,
        Scenarios.OfficeRank.LeadingGroup => 0.75,
        _ => 0.4,
    };

    // Citizens
    public const double MinDemand = 0.3, MaxDemand = 0.7;
    public const double InitialSatisfaction = 0.4;
    public const double SatisfactionLearning = 0.1;
    public const double Expectation = 0.6;
    /// <summary>Ticks during which a citizen group that spoke up counts as participating (a quarter).</summary>
    public const int ParticipationWindow = 13;
    public const double ProposalImprovement = 0.1;
}
