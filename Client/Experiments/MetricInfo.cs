namespace OrleansGov.Client.Experiments;

/// <summary>Human labels and units of the metrics (README, "metrics.csv columns"), for plots and the report.</summary>
public static class MetricInfo
{
    private static readonly Dictionary<string, (string Label, string Unit)> Known = new(StringComparer.Ordinal)
    {
        ["cloud_adoption"] = ("Cloud adoption", "share of legacy systems migrated, 0–1"),
        ["share_within_rate"] = ("Data-sharing success within governments", "deals ÷ negotiations closed, 0–1"),
        ["share_within_deals"] = ("Data-sharing deals within governments", "cumulative count"),
        ["share_region_rate"] = ("Data-sharing success across regions", "deals ÷ negotiations closed, 0–1"),
        ["share_region_deals"] = ("Data-sharing deals across regions", "cumulative count"),
        ["share_province_rate"] = ("Data-sharing success across provinces", "deals ÷ negotiations closed, 0–1"),
        ["share_province_deals"] = ("Data-sharing deals across provinces", "cumulative count"),
        ["sharing_refusals"] = ("Data-sharing refusals", "cumulative count"),
        ["fragmentation"] = ("Fragmentation (information silos)", "share of data needs no path meets, 0–1"),
        ["imbalance_gini"] = ("Regional imbalance", "Gini of county adoption, 0–1"),
        ["directive_compliance"] = ("Directive compliance", "directives met ÷ due, 0–1"),
        ["leader_attention"] = ("Leader attention", "mean attention of cloud chiefs, 0–1"),
        ["coordination_messages"] = ("Coordination messages", "messages per tick"),
        ["negotiation_rounds"] = ("Negotiation messages", "messages per tick"),
        ["enterprise_engagement"] = ("Enterprise engagement", "share of enterprises with a contract, 0–1"),
        ["service_quality"] = ("Service quality", "mean department quality, 0–1"),
        ["citizen_satisfaction"] = ("Citizen satisfaction", "mean satisfaction, 0–1"),
        ["participation"] = ("Citizen participation", "share of groups with a constructive proposal lately, 0–1"),
        ["platform_readiness"] = ("Platform readiness", "mean readiness, 0–1"),
        ["reported_adoption"] = ("Reported cloud adoption", "share of systems reported migrated (paper ones included), 0–1"),
        ["paper_share"] = ("Paper migration", "share of reported migrated systems that are not migrated, 0–1"),
        ["imbalance_sd"] = ("Regional imbalance (SD)", "standard deviation of county adoption, 0–0.5"),
        ["share_within_closed"] = ("Negotiations closed within governments", "cumulative count"),
        ["share_region_closed"] = ("Negotiations closed across regions", "cumulative count"),
        ["share_province_closed"] = ("Negotiations closed across provinces", "cumulative count"),
        ["share_within_rate_recent"] = ("Sharing success within governments (last year)", "deals ÷ negotiations closed in the window, 0–1"),
        ["share_region_rate_recent"] = ("Sharing success across regions (last year)", "deals ÷ negotiations closed in the window, 0–1"),
        ["share_province_rate_recent"] = ("Sharing success across provinces (last year)", "deals ÷ negotiations closed in the window, 0–1"),
        ["share_within_closed_recent"] = ("Negotiations closed within governments (last year)", "count in the window"),
        ["share_region_closed_recent"] = ("Negotiations closed across regions (last year)", "count in the window"),
        ["share_province_closed_recent"] = ("Negotiations closed across provinces (last year)", "count in the window"),
        ["directive_compliance_recent"] = ("Directive compliance (last quarter)", "directives met ÷ due in the window, 0–1"),
        ["complaints"] = ("Citizen complaints", "share of groups with a complaint lately, 0–1"),
        ["initiative"] = ("Departments' initiative", "mean intrinsic initiative, 0–1"),
        ["willingness"] = ("Willingness to share", "mean willingness of departments, 0–1"),
    };

    public static string Label(string metric) => Known.TryGetValue(metric, out var info) ? info.Label : metric;

    public static string Unit(string metric) => Known.TryGetValue(metric, out var info) ? info.Unit : "value";

    /// <summary>"tick (week)" for weekly scenarios, "tick" otherwise.</summary>
    public static string TickAxis(int ticksPerYear) => ticksPerYear == 52 ? "tick (week)" : $"tick (1/{ticksPerYear} year)";
}
