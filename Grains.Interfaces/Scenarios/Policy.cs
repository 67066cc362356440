namespace OrleansGov.Scenarios;

/// <summary>
/// The institutional environment in force at one tick: the dials and levers after applying every
/// timeline event up to that tick. Passed to every agent with its step, so rules read the dials only
/// from here (never the mode's name).
/// </summary>
[GenerateSerializer, Immutable, Alias("og.policy")]
public sealed record Policy(
    double Vertical,
    double Horizontal,
    bool NationalChief,
    double Accountability,
    double Linkage,
    double Outsourcing,
    double Participation);
