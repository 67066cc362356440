namespace OrleansGov.Model;

/// <summary>A department invites enterprises to bid for an outsourced migration/service project.</summary>
[GenerateSerializer, Immutable, Alias("og.tender")]
public sealed record Tender(int TenderId) : AgentMessage;

/// <summary>An enterprise's bid: its price and the quality it expects to deliver.</summary>
[GenerateSerializer, Immutable, Alias("og.bid")]
public sealed record Bid(int TenderId, double Price, double Quality) : AgentMessage;

/// <summary>The department awards the contract, running until tick <paramref name="Until"/>.</summary>
[GenerateSerializer, Immutable, Alias("og.award")]
public sealed record Award(int TenderId, int Until) : AgentMessage;

/// <summary>The enterprise delivers the project at the end of its contract.</summary>
[GenerateSerializer, Immutable, Alias("og.delivery")]
public sealed record Delivery(int TenderId, double Quality) : AgentMessage;
