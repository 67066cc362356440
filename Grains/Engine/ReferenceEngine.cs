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
    private readonly Dictionary<ulong, int> _index;
    /// <summary>Per agent: which tally it adds to (0 the nation, 1 + p province p, then one per county).</summary>
    private readonly int[] _tallySlot;
    /// <summary>Per county tally slot: its province.</summary>
    private readonly int[] _countyProvince;
    private List<Envelope>[] _inboxes;
    private List<Envelope>[] _next;
    /// <summary>
    /// Agents are stepped in parallel, one partition per province (and one for the nation): every
    /// tally slot belongs to exactly one partition, each partition has its own outbox, and inboxes are
    /// sorted canonically before use, so the result does not depend on how the partitions interleave.
    /// </summary>
    private readonly (int Start, int End)[] _partitions;
    private readonly Outbox[] _outboxes;

    public ReferenceSimulation(Scenario scenario)
    {
        _world = new World(scenario);
        _schedule = new PolicySchedule(scenario);
        _ids = _world.AllAgents().ToArray();
        _agents = _ids.Select(id => AgentFactory.Create(_world, id)).ToArray();
        _index = new Dictionary<ulong, int>(_ids.Length);
        for (int i = 0; i < _ids.Length; i++) _index[_ids[i].Value] = i;
        // Tally slots are fixed by the topology: look each agent's county up once, not every tick.
        var countySlots = new Dictionary<AgentId, int>();
        var countyProvince = new List<int>();
        int countyBase = 1 + _world.ProvinceCount;
        _tallySlot = new int[_ids.Length];
        for (int i = 0; i < _ids.Length; i++)
        {
            var id = _ids[i];
            if (id.Kind == AgentKind.Nation)
            {
                _tallySlot[i] = 0;
            }
            else if (id.County >= 0)
            {
                var government = id.Government;
                if (!countySlots.TryGetValue(government, out int slot))
                {
                    slot = countyBase + countyProvince.Count;
                    countySlots[government] = slot;
                    countyProvince.Add(government.Province);
                }
                _tallySlot[i] = slot;
            }
            else
            {
                _tallySlot[i] = 1 + id.Province;
            }
        }
        _countyProvince = countyProvince.ToArray();
        _partitions = Partition(_ids);
        _outboxes = _partitions.Select(_ => new Outbox()).ToArray();
        _inboxes = NewInboxes(_ids.Length);
        _next = NewInboxes(_ids.Length);
    }

    public World World => _world;

    /// <summary>Looks up an agent, for tests that inspect state.</summary>
    public Agent AgentAt(AgentId id) => _agents[_index[id.Value]];

    /// <summary>Runs tick <paramref name="tick"/> over every agent and returns its metric rows.</summary>
    public ScopeMetrics[] Step(int tick)
    {
        foreach (var notice in _schedule.NoticesAt(tick, _world))
        {
            _inboxes[_index[notice.To.Value]].Add(notice);
        }
        var context = new StepContext(tick, _schedule.At(tick), _world);
        int provinceCount = _world.ProvinceCount, countyBase = 1 + provinceCount;
        var tallies = new MetricsAccumulator[countyBase + _countyProvince.Length];
        for (int t = 0; t < tallies.Length; t++) tallies[t] = new MetricsAccumulator();
        Parallel.For(0, _partitions.Length, part =>
        {
            var outbox = _outboxes[part];
            var (start, end) = _partitions[part];
            for (int i = start; i < end; i++)
            {
                var inbox = _inboxes[i];
                _agents[i].StepWith(context, inbox, outbox, tallies[_tallySlot[i]]);
                inbox.Clear();
            }
        });
        foreach (var outbox in _outboxes)
        {
            var sent = outbox.Messages;
            for (int m = 0; m < sent.Count; m++)
            {
                var envelope = sent[m];
                if (!_index.TryGetValue(envelope.To.Value, out int to))
                {
                    throw new InvalidOperationException($"{envelope.From} sent {envelope.Body.GetType().Name} to unknown agent {envelope.To}.");
                }
                _next[to].Add(envelope);
            }
            sent.Clear();
        }
        var provinces = new MetricsAccumulator[provinceCount];
        Array.Copy(tallies, 1, provinces, 0, provinceCount);
        for (int c = 0; c < _countyProvince.Length; c++)
        {
            var tally = tallies[countyBase + c];
            tally.CloseCounty();
            provinces[_countyProvince[c]].Merge(tally);
        }
        (_inboxes, _next) = (_next, _inboxes);
        return MetricsRows.Build(tick, _world, tallies[0], provinces);
    }

    /// <summary>Contiguous index ranges of agents of one province (ids sort by province first; the nation sorts first).</summary>
    private static (int Start, int End)[] Partition(AgentId[] ids)
    {
        var ranges = new List<(int, int)>();
        int start = 0;
        for (int i = 1; i <= ids.Length; i++)
        {
            if (i == ids.Length || ids[i].Province != ids[start].Province)
            {
                ranges.Add((start, i));
                start = i;
            }
        }
        return ranges.ToArray();
    }

    private static List<Envelope>[] NewInboxes(int count)
    {
        var inboxes = new List<Envelope>[count];
        for (int i = 0; i < count; i++) inboxes[i] = new List<Envelope>();
        return inboxes;
    }
}
