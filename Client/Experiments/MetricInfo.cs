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
        ["fragmentation"] = ("Fragmentation (information silos)", "share of departments without a link, 0–1"),
        ["imbalance_gini"] = ("Regional imbalance", "Gini of county adoption, 0–1"),
        ["directive_compliance"] = ("Directive compliance", "directives met ÷ due, 0–1"),
        ["leader_attention"] = ("Leader attention", "mean attention of cloud chiefs, 0–1"),
        ["coordination_messages"] = ("Coordination messages", "messages per tick"),
        ["negotiation_rounds"] = ("Negotiation messages", "messages per tick"),
        ["enterprise_engagement"] = ("Enterprise engagement", "share of enterprises with a contract, 0–1"),
        ["service_quality"] = ("Service quality", "mean department quality, 0–1"),
        ["citizen_satisfaction"] = ("Citizen satisfaction", "mean satisfaction, 0–1"),
        ["participation"] = ("Citizen participation", "share of groups participating, 0–1"),
        ["platform_readiness"] = ("Platform readiness", "mean readiness, 0–1"),
    };

    public static string Label(string metric) => Known.TryGetValue(metric, out var info) ? info.Label : metric;

    public static string Unit(string metric) => Known.TryGetValue(metric, out var info) ? info.Unit : "value";

    /// <summary>Whether the metric is a share or score on 0–1 (its unit says so), so a difference between two values lies in (−1, 1).</summary>
    public static bool IsShare(string metric) => Unit(metric).EndsWith("0–1", StringComparison.Ordinal);

    /// <summary>"tick (week)" for weekly scenarios, "tick" otherwise.</summary>
    public static string TickAxis(int ticksPerYear) => ticksPerYear == 52 ? "tick (week)" : $"tick (1/{ticksPerYear} year)";
}
