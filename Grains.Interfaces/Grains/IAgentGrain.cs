namespace OrleansGov.Grains;

/// <summary>Hosts one leaf agent (department, office, enterprise or citizen group). Key: <c>{runId}/{agentId}</c>.</summary>
[Alias("og.IAgentGrain")]
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>Runs one tick of the agent on <see cref="StepInput.Mail"/> (its inbox) and returns what it sent and its tally.</summary>
    [Alias("Step")]
    Task<StepOutput> StepAsync(StepInput input);

    /// <summary>The run is over: lets the activation go.</summary>
    [Alias("Release")]
    Task ReleaseAsync();
}
