namespace OrleansGov.Metrics;

/// <summary>
/// One row of results: the metrics of one scope (the nation or one province) at the end of one tick.
/// Ratios that are undefined (nothing to divide by yet) are NaN. Definitions: docs/MODEL.md §Metrics.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.scope-metrics")]
public sealed record ScopeMetrics(
    int Tick,
    string Scope,
    double CloudAdoption,
    double ShareWithinRate,
    long ShareWithinDeals,
    double ShareRegionRate,
    long ShareRegionDeals,
    double ShareProvinceRate,
    long ShareProvinceDeals,
    long SharingRefusals,
    double Fragmentation,
    double ImbalanceGini,
    double DirectiveCompliance,
    double LeaderAttention,
    long CoordinationMessages,
    long NegotiationRounds,
    double EnterpriseEngagement,
    double ServiceQuality,
    double CitizenSatisfaction,
    double Participation,
    double PlatformReadiness,
    double ReportedAdoption,
    double PaperShare,
    double ImbalanceSd,
    long ShareWithinClosed,
    long ShareRegionClosed,
    long ShareProvinceClosed,
    double ShareWithinRateRecent,
    double ShareRegionRateRecent,
    double ShareProvinceRateRecent,
    long ShareWithinClosedRecent,
    long ShareRegionClosedRecent,
    long ShareProvinceClosedRecent,
    double DirectiveComplianceRecent,
    double Complaints,
    double Initiative,
    double Willingness,
    long DirectivesDue,
    long DirectivesMet);

/// <summary>The metrics of every scope for one tick, as published on a run's metrics stream.</summary>
/// <param name="RunId">The run these metrics belong to.</param>
/// <param name="Tick">The tick just completed (1-based count of completed ticks is Tick + 1).</param>
/// <param name="TotalTicks">Ticks the run will do in all.</param>
/// <param name="Rows">The nation first, then provinces in scenario order.</param>
[GenerateSerializer, Immutable, Alias("og.tick-metrics")]
public sealed record TickMetrics(string RunId, int Tick, int TotalTicks, ScopeMetrics[] Rows);
