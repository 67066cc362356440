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
        ["fragmentation"] = new("Fragmentation (information silos)", "share of departments without a link, 0–1", true, true),
        ["imbalance_gini"] = new("Regional imbalance", "Gini of county adoption, 0–1", true, false),
        ["directive_compliance"] = new("Directive compliance", "directives met ÷ due, 0–1", true, true),
        ["leader_attention"] = new("Leader attention", "mean attention of cloud chiefs, 0–1", true, true),
        ["coordination_messages"] = new("Coordination messages", "messages per tick", false, false),
        ["negotiation_rounds"] = new("Negotiation messages", "messages per tick", false, false),
        ["enterprise_engagement"] = new("Enterprise engagement", "share of enterprises with a contract, 0–1", true, false),
        ["service_quality"] = new("Service quality", "mean department quality, 0–1", true, true),
        ["citizen_satisfaction"] = new("Citizen satisfaction", "mean satisfaction, 0–1", true, true),
        ["participation"] = new("Citizen participation", "share of groups participating, 0–1", true, false),
        ["platform_readiness"] = new("Platform readiness", "mean readiness, 0–1", true, false),
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
