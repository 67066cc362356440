using OrleansGov.Agents;
using OrleansGov.Grains;
using OrleansGov.Model;

namespace OrleansGov.Tests.Engine;

[Collection(OneSiloCollection.Name)]
public sealed class AgentReferencesTests(OneSiloFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Bulk_references_are_the_ones_the_grain_factory_makes_and_reach_their_grains()
    {
        string runId = EngineAssert.NewRunId("refs");
        AgentId[] leaves = [AgentId.Create(AgentKind.Department, 0, 1, 2, 3), AgentId.Create(AgentKind.CitizenGroup, 0, 1, 2, 0), AgentId.Create(AgentKind.Office, 0, -1, -1, 0)];
        AgentId[] governments = [AgentId.Create(AgentKind.Government, 0, 1, -1, 0), AgentId.Create(AgentKind.Government, 0, 1, 2, 0)];

        // Twice each: the first call may resolve the grain types, the second builds every id directly.
        for (int pass = 0; pass < 2; pass++)
        {
            var agents = AgentReferences.Create<IAgentGrain>(_client, runId, leaves);
            var subtrees = AgentReferences.Create<IGovernmentGrain>(_client, runId, governments);
            for (int i = 0; i < leaves.Length; i++)
            {
                SameReference(_client.GetGrain<IAgentGrain>(GrainKeys.Agent(runId, leaves[i])), agents[i]);
            }
            for (int i = 0; i < governments.Length; i++)
            {
                SameReference(_client.GetGrain<IGovernmentGrain>(GrainKeys.Agent(runId, governments[i])), subtrees[i]);
            }
            var view = await agents[^1].DescribeAsync();
            Assert.Equal(leaves[^1], view.Id);
            Assert.Equal(governments[^1], (await subtrees[^1].DescribeAsync()).Id);
        }
        Assert.Empty(AgentReferences.Create<IAgentGrain>(_client, runId, []));
    }

    private static void SameReference(object expected, object actual)
    {
        var (e, a) = ((GrainReference)expected, (GrainReference)actual);
        Assert.Equal(e.GrainId, a.GrainId);
        Assert.Equal(e.InterfaceType, a.InterfaceType);
        Assert.Equal(e.GetType(), a.GetType());
        Assert.Equal(e, a);
    }
}
