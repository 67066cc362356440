using OrleansGov.Checkpoints;
using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Model.Outputs;
using OrleansGov.Outputs;
using OrleansGov.Grains;
using OrleansGov.Scenarios;

namespace OrleansGov.Agents;

/// <summary>
/// One agent inside a grain: creates it from the world, steps it exactly once per tick in order, and
/// rejects mail to agents that do not exist. Plain C#, shared by both grain classes.
/// </summary>
internal sealed class AgentHost
{
    private readonly World _world;
    private readonly Agent _agent;
    private int _nextTick;

    public AgentHost(World world, AgentId id)
    {
        _world = world;
        _agent = AgentFactory.Create(world, id);
    }

    /// <summary>Hosts agent <paramref name="id"/> in <paramref name="state"/> (checkpoint bytes; null: fresh) at the barrier before <paramref name="nextTick"/>.</summary>
    public AgentHost(World world, AgentId id, byte[]? state, int nextTick)
    {
        _world = world;
        _agent = state is null ? AgentFactory.Create(world, id) : AgentState.Restore(world, id, state);
        _nextTick = nextTick;
    }

    /// <summary>The agent's state at the barrier before <paramref name="tick"/>; throws when the agent is not there.</summary>
    public byte[] Capture(int tick)
    {
        if (tick != _nextTick)
        {
            throw new RunStateLostException($"{Id} was asked for its state before tick {tick} but is before tick {_nextTick}.");
        }
        return AgentState.Capture(_agent);
    }

    public AgentId Id => _agent.Id;

    /// <summary>The tick the agent steps next (= ticks done).</summary>
    public int NextTick => _nextTick;

    /// <summary>The agent's state for inspection (<see cref="Agent.Describe"/>); never changes it.</summary>
    public Dictionary<string, double> Describe() => new(_agent.Describe(), StringComparer.Ordinal);

    /// <summary>The agent's row of the declared outputs after tick <paramref name="tick"/> (when asked and due), or null.</summary>
    public OutputRows? OutputsAfter(int tick, bool asked) =>
        asked && OutputPlan.At(_world, tick)?.Snapshot(_agent) is { } row ? new OutputRows([], [row]) : null;

    /// <summary>Runs tick <paramref name="tick"/>; appends what the agent sent to <paramref name="outbox"/>.</summary>
    public void Step(int tick, Policy policy, List<Envelope> inbox, Outbox outbox, MetricsAccumulator tally)
    {
        if (tick != _nextTick)
        {
            throw new RunStateLostException(
                $"{Id} was asked to step tick {tick} but its state is at tick {_nextTick} (activation lost or step repeated).");
        }
        int before = outbox.Messages.Count;
        _agent.StepWith(new StepContext(tick, policy, _world), inbox, outbox, tally);
        Topology.CheckRecipients(_world, outbox.Messages, before);
        _nextTick++;
    }
}
