using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Scenarios;

namespace OrleansGov.Grains;

/// <summary>
/// What a parent hands a grain for one tick: the tick, the policy in force, and the mail for the
/// grain's subtree (for a leaf, its own inbox). The array is shared, never mutated by the receiver.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.step-input")]
public sealed record StepInput(int Tick, Policy Policy, Envelope[] Mail);

/// <summary>
/// What a grain hands back after one tick: the envelopes its subtree emitted for recipients outside
/// the subtree (delivered next tick by an ancestor), and the subtree's metric tallies (a county's
/// already closed with <see cref="MetricsAccumulator.CloseCounty"/>), sealed so the receiver cannot
/// change them. Never mutated after return.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.step-output")]
public sealed record StepOutput(Envelope[] Outgoing, SealedTally Tally);
