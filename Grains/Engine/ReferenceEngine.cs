using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Engine;

/// <summary>
/// The in-process reference engine: a plain loop over every agent, running the same rules as the
/// grains. It is the oracle the Orleans engine must match bit for bit, and the ceiling it is measured
/// against.
/// </summary>
public sealed class ReferenceEngine : ISimulationEngine
{
    public string Name => "reference";

    public Task<RunOutcome> RunAsync(string runId, Scenario scenario, IProgress<TickMetrics>? progress, CancellationToken cancellationToken) =>
        Task.Run(() => Run(runId, scenario, progress, cancellationToken), CancellationToken.None);

    private static RunOutcome Run(string runId, Scenario scenario, IProgress<TickMetrics>? progress, CancellationToken cancellationToken)
    {
        var rows = new List<ScopeMetrics>();
        try
        {
            var simulation = new ReferenceSimulation(scenario);
            for (int tick = 0; tick < scenario.Ticks; tick++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return new RunOutcome(RunStatus.Cancelled, rows, 0, "Cancelled before tick " + tick + ".");
                }
                var tickRows = simulation.Step(tick);
                rows.AddRange(tickRows);
                progress?.Report(new TickMetrics(runId, tick, scenario.Ticks, tickRows));
            }
            return new RunOutcome(RunStatus.Completed, rows, 0, null);
        }
        catch (Exception ex)
        {
            return new RunOutcome(RunStatus.Failed, rows, 0, ex.Message);
        }
    }
}

/// <summary>The reference engine's state between ticks: every agent and its inbox for the next tick.</summary>
public sealed class ReferenceSimulation
{
    private readonly World _world;
    private readonly PolicySchedule _schedule;
    private readonly AgentId[] _ids;
    private readonly Agent[] _agents;
    private readonly Dictionary<AgentId, int> _index;
    private List<Envelope>[] _inboxes;
    private List<Envelope>[] _next;

    public ReferenceSimulation(Scenario scenario)
    {
        _world = new World(scenario);
        _schedule = new PolicySchedule(scenario);
        _ids = _world.AllAgents().ToArray();
        _agents = _ids.Select(id => AgentFactory.Create(_world, id)).ToArray();
        _index = new Dictionary<AgentId, int>(_ids.Length);
        for (int i = 0; i < _ids.Length; i++) _index[_ids[i]] = i;
        _inboxes = NewInboxes(_ids.Length);
        _next = NewInboxes(_ids.Length);
    }

    public World World => _world;

    /// <summary>Looks up an agent, for tests that inspect state.</summary>
    public Agent AgentAt(AgentId id) => _agents[_index[id]];

    /// <summary>Runs tick <paramref name="tick"/> over every agent and returns its metric rows.</summary>
    public ScopeMetrics[] Step(int tick)
    {
        foreach (var notice in _schedule.NoticesAt(tick, _world))
        {
            _inboxes[_index[notice.To]].Add(notice);
        }
        var context = new StepContext(tick, _schedule.At(tick), _world);
        var nationOwn = new MetricsAccumulator();
        var provinces = new MetricsAccumulator[_world.ProvinceCount];
        for (int p = 0; p < provinces.Length; p++) provinces[p] = new MetricsAccumulator();
        var counties = new Dictionary<AgentId, MetricsAccumulator>();
        var outbox = new Outbox();

        for (int i = 0; i < _agents.Length; i++)
        {
            var id = _ids[i];
            var tally = id.Kind == AgentKind.Nation ? nationOwn
                : id.County >= 0 ? CountyTally(counties, id.Government)
                : provinces[id.Province];
            _agents[i].StepWith(context, _inboxes[i], outbox, tally);
            _inboxes[i].Clear();
            foreach (var envelope in outbox.Messages)
            {
                if (!_index.TryGetValue(envelope.To, out int to))
                {
                    throw new InvalidOperationException($"{envelope.From} sent {envelope.Body.GetType().Name} to unknown agent {envelope.To}.");
                }
                _next[to].Add(envelope);
            }
            outbox.Messages.Clear();
        }
        foreach (var (government, tally) in counties)
        {
            tally.CloseCounty();
            provinces[government.Province].Merge(tally);
        }
        (_inboxes, _next) = (_next, _inboxes);
        return MetricsRows.Build(tick, _world, nationOwn, provinces);
    }

    private static MetricsAccumulator CountyTally(Dictionary<AgentId, MetricsAccumulator> counties, AgentId government)
    {
        if (!counties.TryGetValue(government, out var tally))
        {
            tally = new MetricsAccumulator();
            counties[government] = tally;
        }
        return tally;
    }

    private static List<Envelope>[] NewInboxes(int count)
    {
        var inboxes = new List<Envelope>[count];
        for (int i = 0; i < count; i++) inboxes[i] = new List<Envelope>();
        return inboxes;
    }
}
