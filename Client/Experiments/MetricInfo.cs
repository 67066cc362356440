namespace OrleansGov.Client.Experiments;

/// <summary>
/// The one declared place for what each metric is, beyond its column (README, "metrics.csv columns"):
/// label and unit for plots, the report and the dashboard; whether it lies in [0, 1] (shares, means of
/// [0, 1] quantities, the Gini), so axes are fixed to [0, 1] and CI bands clipped to it; and whether it
/// is a key metric (the dashboard's default charts, the batch report's default plots). A metric the
/// contract gains without an entry here still works (label = its name, unbounded); a test lists any
/// such metric so it gets one.
/// </summary>
public static class MetricInfo
{
    /// <summary>What is declared about one metric.</summary>
    public sealed record Entry(string Label, string Unit, bool InUnitInterval, bool Key);

    private static readonly Dictionary<string, Entry> Known = new(StringComparer.Ordinal)
    {
        ["cloud_adoption"] = new("Cloud adoption", "share of legacy systems migrated, 0–1", true, true),
        ["share_within_rate"] = new("Data-sharing success within governments", "deals ÷ negotiations closed, 0–1", true, true),
        ["share_within_deals"] = new("Data-sharing deals within governments", "cumulative count", false, false),
        ["share_region_rate"] = new("Data-sharing success across regions", "deals ÷ negotiations closed, 0–1", true, true),
        ["share_region_deals"] = new("Data-sharing deals across regions", "cumulative count", false, false),
        ["share_province_rate"] = new("Data-sharing success across provinces", "deals ÷ negotiations closed, 0–1", true, true),
        ["share_province_deals"] = new("Data-sharing deals across provinces", "cumulative count", false, false),
        ["sharing_refusals"] = new("Data-sharing refusals", "cumulative count", false, false),
        ["fragmentation"] = new("Fragmentation (information silos)", "share of data needs no path meets, 0–1", true, true),
        ["imbalance_gini"] = new("Regional imbalance (Gini)", "Gini of county adoption, 0–1", true, false),
        ["directive_compliance"] = new("Directive compliance", "directives met ÷ due, 0–1", true, true),
        ["leader_attention"] = new("Leader attention", "mean attention of cloud chiefs, 0–1", true, true),
        ["coordination_messages"] = new("Coordination messages", "messages per tick", false, false),
        ["negotiation_rounds"] = new("Negotiation messages", "messages per tick", false, false),
        ["enterprise_engagement"] = new("Enterprise engagement", "share of enterprises with a contract, 0–1", true, false),
        ["service_quality"] = new("Service quality", "mean quality of the services delivered, 0–1", true, true),
        ["citizen_satisfaction"] = new("Citizen satisfaction", "mean satisfaction, 0–1", true, true),
        ["participation"] = new("Citizen participation", "share of groups with a constructive proposal lately, 0–1", true, false),
        ["platform_readiness"] = new("Platform readiness", "mean readiness, 0–1", true, false),
        ["reported_adoption"] = new("Reported cloud adoption", "share of systems reported migrated (paper ones included), 0–1", true, false),
        ["paper_share"] = new("Paper migration", "share of reported migrated systems that are not migrated, 0–1", true, false),
        ["imbalance_sd"] = new("Regional imbalance (SD)", "standard deviation of county adoption", true, true),
        ["share_within_closed"] = new("Negotiations closed within governments", "cumulative count", false, false),
        ["share_region_closed"] = new("Negotiations closed across regions", "cumulative count", false, false),
        ["share_province_closed"] = new("Negotiations closed across provinces", "cumulative count", false, false),
        ["share_within_rate_recent"] = new("Sharing success within governments (last year)", "deals ÷ negotiations closed in the window, 0–1", true, false),
        ["share_region_rate_recent"] = new("Sharing success across regions (last year)", "deals ÷ negotiations closed in the window, 0–1", true, false),
        ["share_province_rate_recent"] = new("Sharing success across provinces (last year)", "deals ÷ negotiations closed in the window, 0–1", true, false),
        ["share_within_closed_recent"] = new("Negotiations closed within governments (last year)", "count in the window", false, false),
        ["share_region_closed_recent"] = new("Negotiations closed across regions (last year)", "count in the window", false, false),
        ["share_province_closed_recent"] = new("Negotiations closed across provinces (last year)", "count in the window", false, false),
        ["directive_compliance_recent"] = new("Directive compliance (last quarter)", "directives met ÷ due in the window, 0–1", true, false),
        ["complaints"] = new("Citizen complaints", "share of groups with a complaint lately, 0–1", true, false),
        ["initiative"] = new("Departments' initiative", "mean intrinsic initiative, 0–1", true, false),
        ["willingness"] = new("Willingness to share", "mean willingness of departments, 0–1", true, false),
        ["directives_due"] = new("Directives due", "cumulative count", false, false),
        ["directives_met"] = new("Directives met", "cumulative count", false, false),
    };

    /// <summary>Is anything declared for <paramref name="metric"/>?</summary>
    public static bool IsDeclared(string metric) => Known.ContainsKey(metric);

    public static Entry Of(string metric) => Known.TryGetValue(metric, out var e) ? e : new Entry(metric, "value", false, false);

    public static string Label(string metric) => Of(metric).Label;

    public static string Unit(string metric) => Of(metric).Unit;

    /// <summary>Does the metric lie in [0, 1] (a share, a mean of [0, 1] quantities, a Gini)?</summary>
    public static bool InUnitInterval(string metric) => Of(metric).InUnitInterval;

    /// <summary>One of the few metrics a reader looks at first (default charts and plots).</summary>
    public static bool IsKey(string metric) => Of(metric).Key;

    /// <summary>The axis label: "cloud adoption (share of legacy systems migrated, 0–1)".</summary>
    public static string AxisLabel(string metric) => $"{Label(metric).ToLowerInvariant()} ({Unit(metric)})";

    /// <summary>Whether the metric is a share or score on 0–1 (its unit says so), so a difference between two values lies in (−1, 1).</summary>
    public static bool IsShare(string metric) => Unit(metric).EndsWith("0–1", StringComparison.Ordinal);

    /// <summary>"tick (week)" for weekly scenarios, "tick" otherwise.</summary>
    public static string TickAxis(int ticksPerYear) => ticksPerYear == 52 ? "tick (week)" : $"tick (1/{ticksPerYear} year)";
}
