namespace OrleansGov.Model;

/// <summary>A citizen group asks a department for an online service.</summary>
[GenerateSerializer, Immutable, Alias("og.demand")]
public sealed record ServiceDemand(int RequestId) : AgentMessage;

/// <summary>The department delivers the service at its current quality.</summary>
[GenerateSerializer, Immutable, Alias("og.service")]
public sealed record ServiceDelivery(int RequestId, double Quality) : AgentMessage;

/// <summary>A citizen group's proposal to its government about one department's service.</summary>
[GenerateSerializer, Immutable, Alias("og.proposal")]
public sealed record Proposal(AgentId Department, double Urgency) : AgentMessage;
