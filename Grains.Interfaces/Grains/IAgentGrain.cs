namespace OrleansGov.Grains;

/// <summary>Hosts one leaf agent (department, office, enterprise or citizen group). Key: <c>{runId}/{agentId}</c>.</summary>
[Alias("og.IAgentGrain")]
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>Runs one tick of the agent on <see cref="StepInput.Mail"/> (its inbox) and returns what it sent and its tally.</summary>
    [Alias("Step"), ResponseTimeout("00:30:00")] // queued behind a million others on the first tick of a stress run
    Task<StepOutput> StepAsync(StepInput input);

    /// <summary>The run is over: lets the activation go.</summary>
    [Alias("Release")]
    Task ReleaseAsync();
}
