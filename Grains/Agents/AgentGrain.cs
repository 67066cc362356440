using Orleans.Placement;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Model;

namespace OrleansGov.Agents;

/// <summary>
/// Hosts one leaf agent. Placed beside its caller (its government), so the per-tick call stays local.
/// State lives in memory for the run; a generous collection age keeps a paused run's agents alive.
/// </summary>
[PreferLocalPlacement]
[CollectionAgeLimit(Days = 1)]
public sealed class AgentGrain(WorldCache worlds) : Grain, IAgentGrain
{
    private AgentHost? _host;
    private string? _runId;
    // Reused every tick (the grain runs one turn at a time): the inbox copy and the outbox buffer.
    private readonly List<Envelope> _inbox = new();
    private readonly Outbox _outbox = new();

    public async Task<StepOutput> StepAsync(StepInput input)
    {
        if (_host is null)
        {
            var (runId, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
            _host = new AgentHost(await worlds.GetAsync(runId), id);
            _runId = runId;
        }
        var tally = new MetricsAccumulator();
        _inbox.Clear();
        _inbox.AddRange(input.Mail);
        _outbox.Messages.Clear();
        _host.Step(input.Tick, input.Policy, _inbox, _outbox, tally);
        _inbox.Clear();
        var sent = _outbox.Messages;
        var outgoing = sent.Count == 0 ? [] : sent.ToArray();
        sent.Clear();
        return new StepOutput(outgoing, tally);
    }

    public Task<AgentView> DescribeAsync()
    {
        if (_host is null)
        {
            // Not stepped (or released): report nothing rather than create the agent for a look
            // (and never deactivate here: a first step may be creating it right now).
            var (_, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
            return Task.FromResult(new AgentView(id, false, 0, new Dictionary<string, double>(), []));
        }
        return Task.FromResult(new AgentView(_host.Id, true, _host.NextTick, _host.Describe(), []));
    }

    public Task ReleaseAsync()
    {
        if (_runId is not null)
        {
            worlds.Release(_runId);
        }
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
