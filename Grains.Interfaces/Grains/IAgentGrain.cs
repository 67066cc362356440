namespace OrleansGov.Grains;

/// <summary>Hosts one leaf agent (department, office, enterprise or citizen group). Key: <c>{runId}/{agentId}</c>.</summary>
[Alias("og.IAgentGrain")]
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs one tick of the agent on <see cref="StepInput.Mail"/> (its inbox) and returns what it sent and its tally.
    /// A <see cref="ValueTask{TResult}"/>: the step completes synchronously after the first tick, and the
    /// caller's proxy then needs no task object per call; await each result exactly once.
    /// </summary>
    [Alias("Step"), ResponseTimeout("00:30:00")] // queued behind a million others on the first tick of a stress run
    ValueTask<StepOutput> StepAsync(StepInput input);

    /// <summary>The agent's current state, read between or during ticks without blocking them (dashboard drill-down).</summary>
    [Alias("Describe"), Orleans.Concurrency.ReadOnly, Orleans.Concurrency.AlwaysInterleave]
    Task<AgentView> DescribeAsync();

    /// <summary>The agent's state at the barrier before <paramref name="tick"/> (checkpoint); throws <see cref="RunStateLostException"/> when it is not there.</summary>
    [Alias("Capture"), ResponseTimeout("00:10:00")]
    Task<byte[]> CaptureAsync(int tick, long generation);

    /// <summary>Sets the agent to <paramref name="state"/> at the barrier before <paramref name="tick"/> (null: a fresh agent at tick 0), for generation <paramref name="generation"/> on.</summary>
    [Alias("Restore"), ResponseTimeout("00:10:00")]
    Task RestoreAsync(int tick, long generation, byte[]? state);

    /// <summary>The run is over: lets the activation go.</summary>
    [Alias("Release")]
    Task ReleaseAsync();
}
