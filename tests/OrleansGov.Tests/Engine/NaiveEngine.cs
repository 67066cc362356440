using OrleansGov.Engine;
using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Engine;

/// <summary>
/// The test oracle (issue 14 item 16): the model's rules run as plainly as possible — one thread, one
/// loop over every agent in id order, one global mailbox, no partitions, and its own county tally —
/// so both engines (the partitioned, parallel reference loop and the Orleans grains) must match
/// something obviously correct. It touches the rules only through <see cref="Agent.StepWith(in StepContext, List{Envelope}, Outbox, MetricsAccumulator)"/>
/// (and the scenario's <see cref="PolicySchedule"/>, <see cref="World"/> and <see cref="AgentFactory"/>),
/// so a change of the rules needs no change here. Used only by tests.
/// </summary>
public static class NaiveEngine
{
    public static List<ScopeMetrics> Run(Scenario scenario)
    {
        var world = new World(scenario);
        var schedule = new PolicySchedule(scenario);
        var ids = world.AllAgents().ToList();
        var agents = ids.ToDictionary(id => id, id => AgentFactory.Create(world, id));
        var mailbox = new Dictionary<AgentId, List<Envelope>>();
        var rows = new List<ScopeMetrics>();
        for (int tick = 0; tick < scenario.Ticks; tick++)
        {
            foreach (var notice in schedule.NoticesAt(tick, world))
            {
                Deliver(mailbox, agents, notice);
            }
            var context = new StepContext(tick, schedule.At(tick), world);
            var outbox = new Outbox();
            var nationOwn = new MetricsAccumulator();
            var provinces = Enumerable.Range(0, world.ProvinceCount).Select(_ => new MetricsAccumulator()).ToArray();
            // Each county government's subtree: (systems migrated, systems) of all its agents, for the Gini.
            var counties = new Dictionary<AgentId, (long Migrated, long Total)>();
            foreach (var id in ids)
            {
                var own = new MetricsAccumulator();
                agents[id].StepWith(context, mailbox.Remove(id, out var inbox) ? inbox : [], outbox, own);
                (id.Kind == AgentKind.Nation ? nationOwn : provinces[id.Province]).Merge(own);
                if (id.Kind != AgentKind.Nation && id.County >= 0)
                {
                    var (migrated, total) = counties.GetValueOrDefault(id.Government);
                    counties[id.Government] = (migrated + own.SystemsMigrated, total + own.SystemsTotal);
                }
            }
            Assert.Empty(mailbox); // every letter was read by an agent that exists
            foreach (var (county, (migrated, total)) in counties)
            {
                provinces[county.Province].AddCounty(migrated, total);
            }
            // Sent this tick, read next tick.
            foreach (var envelope in outbox.Messages)
            {
                Deliver(mailbox, agents, envelope);
            }
            var nation = new MetricsAccumulator();
            nation.Merge(nationOwn);
            foreach (var province in provinces)
            {
                nation.Merge(province);
            }
            var tickRows = new List<ScopeMetrics> { nation.ToMetrics(tick, MetricsRows.NationScope) };
            tickRows.AddRange(provinces.Select((p, i) => p.ToMetrics(tick, world.Province(i).Name)));
            for (int scope = 0; scope < tickRows.Count; scope++)
            {
                tickRows[scope] = WithRecent(tickRows[scope], rows, tick, scope, tickRows.Count, scenario);
            }
            rows.AddRange(tickRows);
        }
        return rows;
    }

    /// <summary>
    /// The recent windows the plain way: the cumulative counts now minus those of the row
    /// <c>metrics.window</c> (or <c>metrics.compliance-window</c>) ticks back, looked up in the rows so far.
    /// </summary>
    private static ScopeMetrics WithRecent(ScopeMetrics row, List<ScopeMetrics> earlier, int tick, int scope, int scopes, Scenario scenario)
    {
        RecentTallies Back(int ticks) => tick - ticks < 0 ? default : RecentTallies.Of(earlier[(tick - ticks) * scopes + scope]);
        var now = RecentTallies.Of(row);
        var sharing = now - Back(scenario.Constants.Int(Constants.RecentWindow));
        var directives = now - Back(scenario.Constants.Int(Constants.ComplianceWindow));
        return MetricsAccumulator.WithRecent(row, sharing with { DirectivesDue = directives.DirectivesDue, DirectivesMet = directives.DirectivesMet });
    }

    private static void Deliver(Dictionary<AgentId, List<Envelope>> mailbox, Dictionary<AgentId, Agent> agents, Envelope envelope)
    {
        Assert.True(agents.ContainsKey(envelope.To), $"{envelope.From} wrote to {envelope.To}, which does not exist");
        if (!mailbox.TryGetValue(envelope.To, out var inbox))
        {
            mailbox[envelope.To] = inbox = [];
        }
        inbox.Add(envelope);
    }
}
