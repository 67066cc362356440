namespace OrleansGov.Model;

/// <summary>A citizen group asks a department for an online service.</summary>
[GenerateSerializer, Immutable, Alias("og.demand")]
public sealed record ServiceDemand(int RequestId) : AgentMessage;

/// <summary>The department delivers the service at its current quality.</summary>
[GenerateSerializer, Immutable, Alias("og.service")]
public sealed record ServiceDelivery(int RequestId, double Quality) : AgentMessage;

/// <summary>A citizen group's constructive proposal to its government about one department's service.</summary>
[GenerateSerializer, Immutable, Alias("og.proposal")]
public sealed record Proposal(AgentId Department, double Urgency) : AgentMessage;

/// <summary>A citizen group's complaint to its government about one department's service (the vertical route of voice).</summary>
[GenerateSerializer, Immutable, Alias("og.complaint")]
public sealed record Complaint(AgentId Department, double Gap) : AgentMessage;
