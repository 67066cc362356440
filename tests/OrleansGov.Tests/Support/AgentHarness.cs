using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Support;

/// <summary>Steps one agent by hand with a crafted inbox, for rule tests without any engine.</summary>
public sealed class AgentHarness
{
    public AgentHarness(Scenario scenario, AgentId id)
    {
        World = new World(scenario);
        Schedule = new PolicySchedule(scenario);
        Agent = AgentFactory.Create(World, id);
    }

    public World World { get; }
    public PolicySchedule Schedule { get; }
    public Agent Agent { get; }
    public MetricsAccumulator LastMetrics { get; private set; } = new();

    /// <summary>Runs tick <paramref name="tick"/> with the given messages and returns what the agent sent.</summary>
    public List<Envelope> Step(int tick, params (AgentId From, AgentMessage Body)[] messages) =>
        Step(tick, Schedule.At(tick), messages);

    public List<Envelope> Step(int tick, Policy policy, params (AgentId From, AgentMessage Body)[] messages)
    {
        var inbox = messages.Select((m, i) => new Envelope(m.From, Agent.Id, i, m.Body)).ToList();
        var outbox = new Outbox();
        LastMetrics = new MetricsAccumulator();
        Agent.StepWith(new StepContext(tick, policy, World), inbox, outbox, LastMetrics);
        return outbox.Messages;
    }

    public T As<T>() where T : Agent => (T)Agent;
}
