using OrleansGov.Metrics;
using OrleansGov.Model;
using OrleansGov.Scenarios;

namespace OrleansGov.Grains;

/// <summary>
/// What a parent hands a grain for one tick: the tick, the policy in force, and the mail for the
/// grain's subtree (for a leaf, its own inbox). The array is shared, never mutated by the receiver.
/// <paramref name="Generation"/> is the run's current generation (a new one each time its tick loop
/// restarts from a checkpoint): a grain refuses steps of another generation, so a superseded loop can
/// never step a restored run. <paramref name="Last"/>: this is the run's last tick; a leaf lets its
/// activation go once it has answered, so the end of a run needs no release call per leaf (one grain
/// call per agent fewer; governments still release their subtrees' caches).
/// </summary>
/// <remarks><paramref name="Outputs"/>: make the rows of the scenario's declared outputs due at this tick (someone writes them).</remarks>
[GenerateSerializer, Immutable, Alias("og.step-input")]
public sealed record StepInput(int Tick, Policy Policy, Envelope[] Mail, long Generation = 0, bool Outputs = false, bool Last = false);

/// <summary>
/// A grain of a run has no state for what it was asked (its activation was lost with a silo, or the
/// call belongs to another generation of the run): the run can go on only from a checkpoint.
/// </summary>
[GenerateSerializer, Alias("og.run-state-lost")]
public sealed class RunStateLostException : Exception
{
    public RunStateLostException() { }

    public RunStateLostException(string message) : base(message) { }

    public RunStateLostException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The call came from a tick loop a newer generation of the run has replaced; that loop must stop.</summary>
[GenerateSerializer, Alias("og.stale-generation")]
public sealed class StaleGenerationException : Exception
{
    public StaleGenerationException() { }

    public StaleGenerationException(string message) : base(message) { }

    public StaleGenerationException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// What a grain hands back after one tick: the envelopes its subtree emitted for recipients outside
/// the subtree (delivered next tick by an ancestor), and the subtree's metric tallies (a county's
/// already closed with <see cref="MetricsAccumulator.CloseCounty"/>), sealed so the receiver cannot
/// change them. Never mutated after return.
/// </summary>
/// <remarks><paramref name="Outputs"/>: the subtree's rows of the declared outputs due at the tick, or null.</remarks>
[GenerateSerializer, Immutable, Alias("og.step-output")]
public sealed record StepOutput(Envelope[] Outgoing, SealedTally Tally, OrleansGov.Outputs.OutputRows? Outputs = null);

/// <summary>What the nation hands the coordinator after a tick: the tick's rows and the run's declared outputs (null: none due or none asked).</summary>
[GenerateSerializer, Immutable, Alias("og.root-step")]
public sealed record RootStep(ScopeMetrics[] Rows, OrleansGov.Outputs.OutputRows? Outputs);
