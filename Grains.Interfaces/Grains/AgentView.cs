using OrleansGov.Model;

namespace OrleansGov.Grains;

/// <summary>
/// One agent's state as its grain holds it right now, read on demand (dashboard drill-down).
/// </summary>
/// <param name="Active">False when the grain holds no agent (the run has not stepped it yet, or has released it).</param>
/// <param name="NextTick">The tick the agent will step next (ticks it has done).</param>
/// <param name="State">The agent's <c>Describe()</c>: name/value pairs.</param>
/// <param name="Children">For a government: its leaves (departments, office, enterprises, citizen groups) and child governments, in canonical order.</param>
[GenerateSerializer, Immutable, Alias("og.agent-view")]
public sealed record AgentView(AgentId Id, bool Active, int NextTick, Dictionary<string, double> State, AgentId[] Children);
