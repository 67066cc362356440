namespace OrleansGov.Model;

/// <summary>
/// Opens (or, with <paramref name="Round"/> &gt; 0, continues) a data-sharing negotiation. A
/// <paramref name="Mandate"/> above zero means an arbiter (office or national chief) backs the request.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.share-request")]
public sealed record ShareRequest(int RequestId, SharingChannel Channel, int Round, double Mandate) : AgentMessage;

/// <summary>The provider's answer: an offer, or with <paramref name="Counter"/> a counter-offer asking for data in return.</summary>
[GenerateSerializer, Immutable, Alias("og.share-offer")]
public sealed record ShareOffer(int RequestId, SharingChannel Channel, bool Counter) : AgentMessage;

/// <summary>The requester accepts an offer: the deal is made.</summary>
[GenerateSerializer, Immutable, Alias("og.share-accept")]
public sealed record ShareAccept(int RequestId, SharingChannel Channel) : AgentMessage;

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
