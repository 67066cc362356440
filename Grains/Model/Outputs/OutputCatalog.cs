using System.Reflection;
using System.Text;
using OrleansGov.Metrics;

namespace OrleansGov.Model.Outputs;

/// <summary>
/// The names the scenario's <c>outputs:</c> section may use: series scopes, series metrics (the columns
/// of <c>metrics.csv</c> that one tick's tallies define) and snapshot kinds, each with its columns.
/// </summary>
public static class OutputCatalog
{
    /// <summary>Series scopes: the government levels below the province (provinces and the nation are in <c>metrics.csv</c>).</summary>
    public static IReadOnlyDictionary<string, GovernmentLevel> Scopes { get; } = new Dictionary<string, GovernmentLevel>(StringComparer.Ordinal)
    {
        ["county"] = GovernmentLevel.County,
        ["city"] = GovernmentLevel.City,
    };

    /// <summary>Snapshot kinds (the nation, one agent, is not one: its state is in the province rows' sums).</summary>
    public static IReadOnlyDictionary<string, AgentKind> Kinds { get; } = new Dictionary<string, AgentKind>(StringComparer.Ordinal)
    {
        ["government"] = AgentKind.Government,
        ["office"] = AgentKind.Office,
        ["department"] = AgentKind.Department,
        ["enterprise"] = AgentKind.Enterprise,
        ["citizen-group"] = AgentKind.CitizenGroup,
    };

    /// <summary>
    /// Every metric a series may hold, by its <c>metrics.csv</c> name, with how to read it and whether it
    /// is a count. The recent-window columns (<c>*_recent</c>) are not among them: they are differences
    /// over earlier rows, which a series taken every N ticks does not keep.
    /// </summary>
    public static IReadOnlyDictionary<string, SeriesMetric> Metrics { get; } = BuildMetrics();

    /// <summary>The recent-window metrics, named in the error that refuses them.</summary>
    public static bool IsRecentWindow(string name) => name.EndsWith("_recent", StringComparison.Ordinal);

    /// <summary>The state columns of a snapshot of <paramref name="kind"/>, as <see cref="Agent.Describe"/> names them.</summary>
    public static IReadOnlyList<string> SnapshotColumns(AgentKind kind) => kind switch
    {
        AgentKind.Government =>
        [
            "has_chief", "attention", "decay_per_tick", "authority", "relayed_binding", "platform_readiness",
            "data_availability", "reported_systems", "reported_migrated", "reported_published", "first_chief_attention",
        ],
        AgentKind.Office => ["active", "rank_cap", "effectiveness", "budget", "platform_built", "databases_built", "databases_planned", "upgraded"],
        AgentKind.Department =>
        [
            "systems", "migrated", "paper_systems", "adoption", "reported_adoption", "capacity", "initiative", "willingness",
            "platform_readiness", "pressure", "coordination_load", "link_upkeep", "disrupted_until", "active_links",
            "open_requests", "data_needs", "unmet_needs", "data_available", "refusals", "directives_due", "directives_met",
            "contract_until", "caught", "service_quality",
        ],
        AgentKind.Enterprise => ["capacity", "active_contracts", "contracts_won"],
        AgentKind.CitizenGroup => ["demand", "social_maturity", "satisfaction", "last_proposal_tick", "last_complaint_tick"],
        _ => throw new ArgumentException($"Agents of kind {kind} have no snapshot."),
    };

    /// <summary>The name a kind has in the scenario and in the output folders.</summary>
    public static string KindName(AgentKind kind) => Kinds.First(k => k.Value == kind).Key;

    public static string ScopeName(GovernmentLevel level) => Scopes.First(s => s.Value == level).Key;

    private static Dictionary<string, SeriesMetric> BuildMetrics()
    {
        var constructor = typeof(ScopeMetrics).GetConstructors().Single(c => c.GetParameters().Length > 2 && c.GetParameters()[0].Name == "Tick");
        var metrics = new Dictionary<string, SeriesMetric>(StringComparer.Ordinal);
        foreach (var parameter in constructor.GetParameters().Skip(2))
        {
            string name = SnakeCase(parameter.Name!);
            if (IsRecentWindow(name)) continue;
            var property = typeof(ScopeMetrics).GetProperty(parameter.Name!, BindingFlags.Public | BindingFlags.Instance)!;
            if (property.PropertyType == typeof(long))
            {
                var get = property.GetMethod!.CreateDelegate<Func<ScopeMetrics, long>>();
                metrics.Add(name, new SeriesMetric(name, true, m => get(m)));
            }
            else
            {
                metrics.Add(name, new SeriesMetric(name, false, property.GetMethod!.CreateDelegate<Func<ScopeMetrics, double>>()));
            }
        }
        return metrics;
    }

    private static string SnakeCase(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 8);
        for (int i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(pascal[i]));
        }
        return sb.ToString();
    }
}

/// <summary>One metric a series may hold: its name, whether it is a count (an integer column), and how to read it from a row.</summary>
public sealed record SeriesMetric(string Name, bool IsCount, Func<ScopeMetrics, double> Value);
