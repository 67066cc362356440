namespace OrleansGov.Model;

/// <summary>Creates an agent in its initial state. Deterministic: depends only on the world (scenario, seed) and the id.</summary>
public static class AgentFactory
{
    public static Agent Create(World world, AgentId id) => id.Kind switch
    {
        AgentKind.Nation => new NationAgent(world, id),
        AgentKind.Government => new GovernmentAgent(world, id),
        AgentKind.Office => new OfficeAgent(world, id),
        AgentKind.Department => new DepartmentAgent(world, id),
        AgentKind.Enterprise => new EnterpriseAgent(world, id),
        AgentKind.CitizenGroup => new CitizenGroupAgent(world, id),
        _ => throw new ArgumentException($"No agent of kind {id.Kind}."),
    };
}
