using OrleansGov.Grains;
using OrleansGov.Metrics;

namespace OrleansGov.Tests.Engine;

/// <summary>
/// The per-call shape of a step (docs/PERFORMANCE.md, round 9): what it returns and what its output is
/// made of decide how many objects each of the run's ~1 grain call per agent-tick allocates.
/// </summary>
public sealed class StepContractTests
{
    /// <summary>A Task-returning grain method makes its proxy wrap every call in a task; a ValueTask one does not.</summary>
    [Fact]
    public void Steps_are_value_tasks()
    {
        Assert.Equal(typeof(ValueTask<StepOutput>), typeof(IAgentGrain).GetMethod(nameof(IAgentGrain.StepAsync))!.ReturnType);
        Assert.Equal(typeof(ValueTask<StepOutput>), typeof(IGovernmentGrain).GetMethod(nameof(IGovernmentGrain.StepAsync))!.ReturnType);
    }

    /// <summary>The sealed tally is inline in the step output, not an object of its own.</summary>
    [Fact]
    public void A_step_output_carries_its_tally_inline()
    {
        Assert.True(typeof(SealedTally).IsValueType);
    }
}
