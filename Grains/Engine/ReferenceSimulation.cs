using System.Runtime.ExceptionServices;
using OrleansGov.Checkpoints;
using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Model.Outputs;
using OrleansGov.Outputs;
using OrleansGov.Scenarios;

namespace OrleansGov.Engine;

/// <summary>
/// The reference engine's state between ticks. Agents are stepped in parallel, one partition per
/// province (and one for the nation). In one parallel pass per tick each partition
/// <list type="number">
/// <item>collects the mail sent to its agents in the previous tick (every partition's outgoing
/// bucket for it, in partition order) into one flat buffer, bucketed by recipient with a stable
/// counting sort — each agent's inbox is then a slice of that buffer, in the same order a per-agent
/// list would have had;</item>
/// <item>steps its agents, each on its slice (sorted canonically by <see cref="Agent.StepWith(in StepContext, Span{Envelope}, Outbox, MetricsAccumulator)"/>);</item>
/// <item>buckets what its agents sent by the recipient's partition, for the next tick;</item>
/// </list>
/// Every agent adds to its partition's one tally; a county's agents are contiguous, so the county's
/// (migrated, total) entry for the regional Gini is the difference across its run of agents. Every
/// tally, mail buffer and outbox belongs to exactly one partition, and inboxes are sorted canonically
/// before use, so the results do not depend on how the partitions interleave.
/// </summary>
public sealed class ReferenceSimulation
{
    private readonly World _world;
    private readonly PolicySchedule _schedule;
    private readonly Agent[] _agents;
    private readonly Partition[] _partitions;
    /// <summary>The partition holding each province's agents, at index province + 1 (index 0: the nation's).</summary>
    private readonly int[] _partitionOfProvince;

    public ReferenceSimulation(Scenario scenario)
    {
        _world = new World(scenario);
        _schedule = new PolicySchedule(scenario);
        var ids = _world.AllAgents().ToArray();
        _agents = ids.Select(id => AgentFactory.Create(_world, id)).ToArray();
        for (int i = 1; i < ids.Length; i++)
        {
            if (ids[i].Value <= ids[i - 1].Value) throw new InvalidOperationException($"The world's agents are not in ascending id order at {ids[i]}.");
        }

        var ranges = ProvinceRanges(ids);
        _partitionOfProvince = new int[_world.ProvinceCount + 1];
        Array.Fill(_partitionOfProvince, -1);
        _partitions = new Partition[ranges.Count];
        for (int d = 0; d < ranges.Count; d++)
        {
            var (start, end) = ranges[d];
            int province = ids[start].Province;
            _partitionOfProvince[province + 1] = d;
            _partitions[d] = new Partition(ids, start, end, ranges.Count, CountyRuns(ids, start, end));
        }
    }

    /// <summary>
    /// The state between two ticks (after one <see cref="Step"/>, before the next) as checkpoint parts:
    /// one per partition (the nation, each province), with every agent's state and the mail in transit
    /// to its agents. Random streams need no capture: each is derived from (seed, agent, tick).
    /// </summary>
    public CheckpointPart[] Capture()
    {
        var parts = new CheckpointPart[_partitions.Length];
        Parallel.For(0, _partitions.Length, d =>
        {
            var partition = _partitions[d];
            var agents = new (AgentId, byte[])[partition.End - partition.Start];
            for (int i = partition.Start; i < partition.End; i++)
            {
                agents[i - partition.Start] = (_agents[i].Id, AgentState.Capture(_agents[i]));
            }
            var mail = _partitions.SelectMany(source => source.Delivering[d]);
            parts[d] = new CheckpointPart(CheckpointPart.NameFor(_agents[partition.Start].Id), agents, mail);
        });
        return parts;
    }

    /// <summary>The run's topology (shared, read-only).</summary>
    public World World => _world;

    /// <summary>
    /// A simulation of <paramref name="scenario"/> in the state <paramref name="parts"/> hold (made by
    /// <see cref="Capture"/> or by the Orleans engine). Every agent of the world must be in them.
    /// </summary>
    public static ReferenceSimulation Restore(Scenario scenario, IReadOnlyList<CheckpointPart> parts)
    {
        var simulation = new ReferenceSimulation(scenario);
        var index = new Dictionary<ulong, int>(simulation._agents.Length);
        for (int i = 0; i < simulation._agents.Length; i++) index[simulation._agents[i].Id.Value] = i;
        var restored = new bool[simulation._agents.Length];
        foreach (var part in parts)
        {
            foreach (var (id, state) in part.Agents)
            {
                if (!index.TryGetValue(id.Value, out int i))
                {
                    throw new InvalidDataException($"The checkpoint holds agent {id}, which this scenario does not have.");
                }
                simulation._agents[i] = AgentState.Restore(simulation._world, id, state);
                restored[i] = true;
            }
            foreach (var envelope in part.Mail)
            {
                int d = simulation.PartitionOf(envelope);
                simulation._partitions[d].Delivering[d].Add(envelope);
            }
        }
        int missing = Array.IndexOf(restored, false);
        if (missing >= 0)
        {
            throw new InvalidDataException($"The checkpoint has no state for agent {simulation._agents[missing].Id}.");
        }
        return simulation;
    }

    /// <summary>Runs tick <paramref name="tick"/> over every agent and returns its metric rows (recent windows not yet filled: <see cref="MetricsWindow"/>).</summary>
    public ScopeMetrics[] Step(int tick) => StepWithOutputs(tick).Rows;

    /// <summary>
    /// Runs tick <paramref name="tick"/> and returns its metric rows and, when the scenario's declared
    /// outputs are due at it, their rows (null otherwise).
    /// </summary>
    public (ScopeMetrics[] Rows, TickOutputs? Outputs) StepWithOutputs(int tick)
    {
        foreach (var notice in _schedule.NoticesAt(tick, _world))
        {
            _partitions[PartitionOf(notice)].Notices.Add(notice);
        }
        var context = new StepContext(tick, _schedule.At(tick), _world);
        var tallies = new MetricsAccumulator[_partitions.Length];
        try
        {
            Parallel.For(0, _partitions.Length, d => StepPartition(d, context, tallies));
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
        }
        foreach (var partition in _partitions)
        {
            (partition.Sent, partition.Delivering) = (partition.Delivering, partition.Sent);
        }
        var provinces = new MetricsAccumulator[_world.ProvinceCount];
        for (int p = 0; p < provinces.Length; p++) provinces[p] = tallies[_partitionOfProvince[p + 1]];
        var rows = MetricsRows.Build(tick, _world, tallies[_partitionOfProvince[0]], provinces);
        if (OutputPlan.At(_world, tick) is null)
        {
            return (rows, null);
        }
        var outputs = TickOutputs.Of(tick, OutputRows.Concat(_partitions.Select(p => p.Outputs)));
        foreach (var partition in _partitions) partition.Outputs = null;
        return (rows, outputs);
    }

    private void StepPartition(int d, StepContext context, MetricsAccumulator[] tallies)
    {
        var partition = _partitions[d];
        var tally = tallies[d] = new MetricsAccumulator();
        int mailCount = CollectMail(d);

        if (OutputPlan.At(_world, context.Tick) is { } plan)
        {
            partition.Outputs = StepWithOutputs(partition, context, tally, plan);
        }
        else
        {
            StepByCounty(partition, context, tally);
        }
        // Drop the references to this tick's message bodies now, so they die young instead of
        // surviving in the buffer until the next tick overwrites it.
        Array.Clear(partition.Mail, 0, mailCount);

        var sent = partition.Outbox.Messages;
        for (int m = 0; m < sent.Count; m++)
        {
            partition.Sent[PartitionOf(sent[m])].Add(sent[m]);
        }
        sent.Clear();
    }

    /// <summary>Steps a partition's agents straight into its tally, each county's share taken as a difference.</summary>
    private void StepByCounty(Partition partition, in StepContext context, MetricsAccumulator tally)
    {
        int next = partition.Start;
        foreach (var (start, end) in partition.CountyRuns)
        {
            StepAgents(partition, next, start, context, tally);
            long migrated = tally.SystemsMigrated, total = tally.SystemsTotal;
            StepAgents(partition, start, end, context, tally);
            tally.AddCounty(tally.SystemsMigrated - migrated, tally.SystemsTotal - total);
            next = end;
        }
        StepAgents(partition, next, partition.End, context, tally);
    }

    /// <summary>
    /// Steps a partition's agents at a tick with declared outputs due: each government's own agents
    /// (it and its leaves, contiguous in id order) into a tally of their own, so a county's subtree and
    /// a city's (its own plus its counties') give series rows as the Orleans engine's grains do; each
    /// agent's snapshot row is taken right after its step. The partition's tally gets the same sums
    /// and county entries, in the same order, as <see cref="StepByCounty"/> gives it.
    /// </summary>
    private OutputRows StepWithOutputs(Partition partition, in StepContext context, MetricsAccumulator tally, OutputPlan plan)
    {
        var series = new List<SeriesRow>();
        var snapshots = new List<SnapshotRow>();
        var cities = new SortedDictionary<int, (AgentId Government, MetricsAccumulator Subtree)>();
        for (int i = partition.Start; i < partition.End;)
        {
            var government = _agents[i].Id.Government;
            int end = i + 1;
            while (end < partition.End && _agents[end].Id.Government == government) end++;
            var own = new MetricsAccumulator();
            for (; i < end; i++)
            {
                StepAgents(partition, i, i + 1, context, own);
                if (plan.Snapshot(_agents[i]) is { } snapshot) snapshots.Add(snapshot);
            }
            if (government.Kind != AgentKind.Nation && government.Level == GovernmentLevel.County)
            {
                own.CloseCounty();
                if (plan.Series(government, own, context.Tick) is { } row) series.Add(row);
            }
            if (government.Kind != AgentKind.Nation && government.City >= 0 && plan.WantsSeries(GovernmentLevel.City))
            {
                var city = AgentId.Create(AgentKind.Government, government.Province, government.City, -1, 0);
                if (!cities.TryGetValue(government.City, out var entry))
                {
                    cities[government.City] = entry = (city, new MetricsAccumulator());
                }
                entry.Subtree.Merge(own);
            }
            tally.Merge(own);
        }
        foreach (var (government, subtree) in cities.Values)
        {
            if (plan.Series(government, subtree, context.Tick) is { } row) series.Add(row);
        }
        return new OutputRows([.. series], [.. snapshots]);
    }

    /// <summary>Steps agents <paramref name="from"/> to <paramref name="to"/> (exclusive) of a partition, each on its slice of the mail buffer.</summary>
    private void StepAgents(Partition partition, int from, int to, in StepContext context, MetricsAccumulator tally)
    {
        var mail = partition.Mail;
        var mailStart = partition.MailStart;
        var outbox = partition.Outbox;
        for (int i = from, local = from - partition.Start; i < to; i++, local++)
        {
            var inbox = mail.AsSpan(mailStart[local], mailStart[local + 1] - mailStart[local]);
            _agents[i].StepWith(context, inbox, outbox, tally);
        }
    }

    /// <summary>
    /// Fills partition <paramref name="d"/>'s mail buffer: scenario notices first, then what each
    /// partition sent it last tick, in partition order (each in send order) — the order in which
    /// per-agent inbox lists used to be filled — bucketed by recipient with a stable counting sort.
    /// </summary>
    /// <returns>How many envelopes the buffer holds.</returns>
    private int CollectMail(int d)
    {
        var partition = _partitions[d];
        int count = partition.Notices.Count;
        foreach (var source in _partitions) count += source.Delivering[d].Count;
        partition.EnsureMailCapacity(count);

        var starts = partition.MailStart;
        var recipients = partition.Recipients;
        Array.Clear(starts);
        int k = 0;
        CountRecipients(partition, partition.Notices, ref k);
        foreach (var source in _partitions) CountRecipients(partition, source.Delivering[d], ref k);
        for (int i = 1; i < starts.Length; i++) starts[i] += starts[i - 1];

        var cursor = partition.Cursor;
        Array.Copy(starts, cursor, cursor.Length);
        var mail = partition.Mail;
        k = 0;
        foreach (var envelope in partition.Notices) mail[cursor[recipients[k++]]++] = envelope;
        partition.Notices.Clear();
        foreach (var source in _partitions)
        {
            var bucket = source.Delivering[d];
            for (int m = 0; m < bucket.Count; m++) mail[cursor[recipients[k++]]++] = bucket[m];
            bucket.Clear();
        }
        return count;
    }

    /// <summary>Records each envelope's recipient (relative to the partition) and counts them, shifted by one for the prefix sum.</summary>
    private static void CountRecipients(Partition partition, List<Envelope> envelopes, ref int k)
    {
        for (int m = 0; m < envelopes.Count; m++)
        {
            var envelope = envelopes[m];
            if (!partition.LocalIndex.TryGetValue(envelope.To.Value, out int local)) throw UnknownRecipient(envelope);
            partition.Recipients[k++] = local;
            partition.MailStart[local + 1]++;
        }
    }

    /// <summary>The partition holding an envelope's recipient, from the province in its id.</summary>
    private int PartitionOf(in Envelope envelope)
    {
        int slot = envelope.To.Province + 1;
        int d = (uint)slot < (uint)_partitionOfProvince.Length ? _partitionOfProvince[slot] : -1;
        return d >= 0 ? d : throw UnknownRecipient(envelope);
    }

    private static InvalidOperationException UnknownRecipient(in Envelope envelope) =>
        new($"{envelope.From} sent {envelope.Body.GetType().Name} to unknown agent {envelope.To}.");

    /// <summary>Contiguous index ranges of agents of one province (ids sort by province first; the nation sorts first).</summary>
    private static List<(int Start, int End)> ProvinceRanges(AgentId[] ids)
    {
        var ranges = new List<(int, int)>();
        var seen = new HashSet<int>();
        int start = 0;
        for (int i = 1; i <= ids.Length; i++)
        {
            if (i < ids.Length && ids[i].Province == ids[start].Province) continue;
            if (!seen.Add(ids[start].Province))
            {
                throw new InvalidOperationException($"The agents of province {ids[start].Province} are not contiguous in the world's agent order.");
            }
            ranges.Add((start, i));
            start = i;
        }
        return ranges;
    }

    /// <summary>
    /// The index ranges of the agents of each county government in <c>[start, end)</c>. Ids sort by
    /// province, city, county, so a county's agents are contiguous; checked here, as the county
    /// tallies depend on it.
    /// </summary>
    private static (int Start, int End)[] CountyRuns(AgentId[] ids, int start, int end)
    {
        var runs = new List<(int, int)>();
        var seen = new HashSet<AgentId>();
        for (int i = start; i < end; i++)
        {
            if (ids[i].Kind == AgentKind.Nation || ids[i].County < 0) continue;
            var county = ids[i].Government;
            int runEnd = i + 1;
            while (runEnd < end && ids[runEnd].Kind != AgentKind.Nation && ids[runEnd].County >= 0 && ids[runEnd].Government == county) runEnd++;
            if (!seen.Add(county))
            {
                throw new InvalidOperationException($"The agents of county {county} are not contiguous in the world's agent order.");
            }
            runs.Add((i, runEnd));
            i = runEnd - 1;
        }
        return runs.ToArray();
    }

    /// <summary>One province's agents (or the nation's) and the buffers only its own step touches.</summary>
    private sealed class Partition(AgentId[] ids, int start, int end, int partitionCount, (int Start, int End)[] countyRuns)
    {
        public readonly int Start = start, End = end;
        /// <summary>
        /// Each of the partition's agents by id, relative to <see cref="Start"/>. One small table per
        /// partition stays in cache while the partition collects its mail; one table over all agents
        /// (or a binary search over them) cost a cache miss or a string of mispredicted branches per message.
        /// </summary>
        public readonly Dictionary<ulong, int> LocalIndex = Enumerable.Range(start, end - start).ToDictionary(i => ids[i].Value, i => i - start);
        /// <summary>Each county's agents, as index ranges in order.</summary>
        public readonly (int Start, int End)[] CountyRuns = countyRuns;
        public readonly Outbox Outbox = new();
        /// <summary>Mail this partition's agents send this tick, by the recipient's partition.</summary>
        public List<Envelope>[] Sent = NewBuckets(partitionCount);
        /// <summary>Mail they sent last tick, by the recipient's partition; each recipient partition empties its bucket.</summary>
        public List<Envelope>[] Delivering = NewBuckets(partitionCount);
        /// <summary>Scenario notices for this partition's agents this tick.</summary>
        public readonly List<Envelope> Notices = new();
        /// <summary>This tick's inboxes, back to back: agent <c>Start + i</c> reads <c>Mail[MailStart[i]..MailStart[i + 1]]</c>.</summary>
        public Envelope[] Mail = [];
        public readonly int[] MailStart = new int[end - start + 1];
        public readonly int[] Cursor = new int[end - start + 1];
        /// <summary>Scratch: the recipient (relative to <see cref="Start"/>) of each collected envelope.</summary>
        public int[] Recipients = [];
        /// <summary>The declared outputs this partition produced this tick (null when none were due).</summary>
        public OutputRows? Outputs;

        public void EnsureMailCapacity(int count)
        {
            if (Mail.Length >= count) return;
            int size = Math.Max(count, 2 * Mail.Length);
            Mail = new Envelope[size];
            Recipients = new int[size];
        }

        private static List<Envelope>[] NewBuckets(int count)
        {
            var buckets = new List<Envelope>[count];
            for (int i = 0; i < count; i++) buckets[i] = new List<Envelope>();
            return buckets;
        }
    }
}
