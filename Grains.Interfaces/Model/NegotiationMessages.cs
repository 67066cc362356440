namespace OrleansGov.Model;

/// <summary>
/// Opens (or, with <paramref name="Round"/> &gt; 0, continues) a data-sharing negotiation. A
/// <paramref name="Mandate"/> above zero means an arbiter (office or national chief) backs the request.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.share-request")]
public sealed record ShareRequest(int RequestId, SharingChannel Channel, int Round, double Mandate) : AgentMessage;

/// <summary>
/// The provider's answer: an offer, or with <paramref name="Counter"/> a counter-offer asking for data
/// in return. <paramref name="Adoption"/> is the provider's data readiness (the share of its systems
/// really on the cloud): what the requester will get, and what it can learn from.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.share-offer")]
public sealed record ShareOffer(int RequestId, SharingChannel Channel, bool Counter, double Adoption = 0) : AgentMessage;

/// <summary>
/// The requester accepts an offer: the deal is made. <paramref name="Reciprocal"/>: it accepted a
/// counter-offer, so it gives data back; <paramref name="Adoption"/>: its own data readiness.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.share-accept")]
public sealed record ShareAccept(int RequestId, SharingChannel Channel, bool Reciprocal = false, double Adoption = 0) : AgentMessage;

/// <summary>A provider's periodic data update to a partner it provides to: its current data readiness.</summary>
[GenerateSerializer, Immutable, Alias("og.data-feed")]
public sealed record DataFeed(double Adoption) : AgentMessage;

/// <summary>The provider refuses: the negotiation ends without a deal unless the requester escalates.</summary>
[GenerateSerializer, Immutable, Alias("og.share-reject")]
public sealed record ShareReject(int RequestId, SharingChannel Channel) : AgentMessage;

/// <summary>The requester declines a counter-offer in the last round: the negotiation ends without a deal.</summary>
[GenerateSerializer, Immutable, Alias("og.share-decline")]
public sealed record ShareDecline(int RequestId, SharingChannel Channel) : AgentMessage;

/// <summary>A refused requester escalates to an arbiter.</summary>
[GenerateSerializer, Immutable, Alias("og.share-dispute")]
public sealed record ShareDispute(int RequestId, AgentId Provider, SharingChannel Channel) : AgentMessage;

/// <summary>The arbiter orders the provider to reopen the request from <paramref name="Requester"/> with a mandate.</summary>
[GenerateSerializer, Immutable, Alias("og.arbitration")]
public sealed record ArbitrationRuling(int RequestId, AgentId Requester, SharingChannel Channel, double Strength) : AgentMessage;
