using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>Everything an agent may read besides its own state and inbox during one tick.</summary>
public readonly record struct StepContext(int Tick, Policy Policy, World World)
{
    public Scenario Scenario => World.Scenario;

    /// <summary>The scenario's model constants.</summary>
    public ConstantValues K => World.Scenario.Constants;

    /// <summary>The agent's random stream for this tick.</summary>
    public Rng RngFor(AgentId id) => new(World.Scenario.Seed, id.Value, Tick);
}
