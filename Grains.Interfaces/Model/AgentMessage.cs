namespace OrleansGov.Model;

/// <summary>Base of every message agents exchange. Messages are immutable; each family lives in its own file.</summary>
[GenerateSerializer, Immutable, Alias("og.msg")]
public abstract record AgentMessage;

/// <summary>Which horizontal channel a data-sharing negotiation uses (article §2: three kinds of horizontal link).</summary>
[GenerateSerializer]
public enum SharingChannel : byte
{
    /// <summary>Between departments of one government.</summary>
    WithinGovernment = 0,
    /// <summary>Between governments of different regions of one province.</summary>
    CrossRegion = 1,
    /// <summary>Between governments of different provinces.</summary>
    CrossProvince = 2,
}

/// <summary>A timeline event delivered by the environment to the agent it concerns.</summary>
[GenerateSerializer, Immutable, Alias("og.intervention")]
public sealed record InterventionNotice(Scenarios.InterventionKind Kind, double Value) : AgentMessage;
