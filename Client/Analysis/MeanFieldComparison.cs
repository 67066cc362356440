using System.Globalization;
using System.Text;
using OrleansGov.Client.Experiments;
using OrleansGov.Engine;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Analysis;

/// <summary>
/// The mean-field against the agent model on one scenario (docs/MODEL.md §15; scripts/meanfield.cs):
/// a ladder of variants that switch on, one at a time, what the agents add — departments that differ,
/// links to partners ahead (under weak and strong H), low initiative — each run on the reference engine
/// over a few seeds, beside the mean-field of the same settings (continuous, and in whole systems).
/// </summary>
public static class MeanFieldComparison
{
    /// <summary>A rung of the ladder: its name and the scenario parameters (batch paths) that make it.</summary>
    public sealed record Variant(string Name, IReadOnlyList<(string Path, string Value)> Settings);

    /// <summary>One rung's result: nation adoption at the given ticks — the agents' mean over seeds, and the mean-field's.</summary>
    public sealed record Row(string Variant, double[] Agents, double[] MeanField, double[] MeanFieldWhole);

    /// <summary>The levers off and the timeline dropped: the mean-field has no contracts, sanctions or events.</summary>
    public static readonly (string, string)[] Common =
    [
        ("levers.accountability", "0"), ("levers.linkage", "0"), ("levers.outsourcing", "0"), ("levers.participation", "0"),
    ];

    /// <summary>The ladder of docs/MODEL.md §15.</summary>
    public static IReadOnlyList<Variant> Ladder { get; } =
    [
        new("alike, no links (loose)", [("mode", "loose"), ("mechanisms.negotiation.request-rate", "0"),
            ("constants.departments.min-systems", "5"), ("constants.departments.max-systems", "5"),
            ("constants.departments.min-capacity", "0.75"), ("constants.departments.max-capacity", "0.75"),
            ("constants.migration.noise", "0"), ("constants.initiative.mean", "1"), ("mechanisms.formalism", "false")]),
        new("differ, no links (loose)", [("mode", "loose"), ("mechanisms.negotiation.request-rate", "0")]),
        new("differ, links (loose, H = 0.2)", [("mode", "loose")]),
        new("differ, links (cooperative, H = 0.85)", [("mode", "cooperative")]),
        new("differ, links, no spillover (cooperative)", [("mode", "cooperative"), ("mechanisms.peer-learning", "false")]),
        new("differ, links, initiative 0.05 (cooperative)", [("mode", "cooperative"), ("constants.initiative.mean", "0.05")]),
    ];

    /// <summary>The scenario of a variant: the base without its timeline, the levers off, then the variant's settings.</summary>
    public static Scenario Apply(Scenario baseScenario, Variant variant, ulong seed)
    {
        var scenario = baseScenario with { Timeline = [], Seed = seed };
        foreach (var (path, value) in Common.Concat(variant.Settings))
        {
            var parameter = ScenarioParameters.Resolve(path, scenario);
            scenario = parameter.Apply(scenario, parameter.Parse(value));
        }
        return scenario;
    }

    /// <summary>Runs every variant on <paramref name="seeds"/> and samples adoption at <paramref name="ticks"/>.</summary>
    public static async Task<IReadOnlyList<Row>> RunAsync(Scenario baseScenario, IReadOnlyList<Variant> variants, IReadOnlyList<ulong> seeds, IReadOnlyList<int> ticks, CancellationToken cancellationToken = default)
    {
        var rows = new List<Row>();
        var engine = new ReferenceEngine();
        foreach (var variant in variants)
        {
            var sums = new double[ticks.Count];
            foreach (ulong seed in seeds)
            {
                var scenario = Apply(baseScenario, variant, seed);
                var outcome = await engine.RunAsync("meanfield", scenario, null, cancellationToken);
                var nation = outcome.Metrics.Where(r => r.Scope == MetricsRows.NationScope).Select(r => r.CloudAdoption).ToArray();
                for (int i = 0; i < ticks.Count; i++) sums[i] += nation[ticks[i]];
            }
            var first = Apply(baseScenario, variant, seeds[0]);
            var meanField = MeanField.Adoption(first);
            var whole = MeanField.Adoption(first, wholeSystems: true);
            rows.Add(new Row(variant.Name, [.. sums.Select(s => s / seeds.Count)], [.. ticks.Select(t => meanField[t])], [.. ticks.Select(t => whole[t])]));
        }
        return rows;
    }

    /// <summary>The rows as a Markdown table: per tick, agents / mean-field / mean-field in whole systems.</summary>
    public static string Markdown(IReadOnlyList<Row> rows, IReadOnlyList<int> ticks)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("| variant |").AppendJoin("", ticks.Select(t => string.Create(inv, $" tick {t}: agents / MF / MF whole |"))).AppendLine();
        sb.Append("|---|").AppendJoin("", ticks.Select(_ => "---|")).AppendLine();
        foreach (var row in rows)
        {
            sb.Append("| ").Append(row.Variant).Append(" |");
            for (int i = 0; i < ticks.Count; i++)
                sb.Append(string.Create(inv, $" {row.Agents[i]:F3} / {row.MeanField[i]:F3} / {row.MeanFieldWhole[i]:F3} |"));
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
