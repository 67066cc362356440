using OrleansGov.Agents;
using OrleansGov.Grains;
using OrleansGov.Model;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Engine;

public sealed class TopologyTests
{
    private static readonly World SmallWorld = new(TestScenarios.Small());

    [Fact]
    public void Every_agent_of_the_world_exists()
    {
        Assert.All(SmallWorld.AllAgents(), id => Assert.True(Topology.Exists(SmallWorld, id), $"{id} should exist."));
    }

    [Fact]
    public void Ids_just_outside_the_world_do_not_exist()
    {
        var all = SmallWorld.AllAgents().ToHashSet();
        var near = new List<AgentId> { AgentId.Environment };
        for (int p = -1; p <= SmallWorld.ProvinceCount; p++)
        {
            for (int c = -1; c <= 3; c++)
            {
                for (int k = -1; k <= 6; k++)
                {
                    foreach (var kind in Enum.GetValues<AgentKind>().Where(kind => kind != AgentKind.Environment))
                    {
                        for (int i = 0; i <= 6; i++)
                        {
                            near.Add(AgentId.Create(kind, p, c, k, i));
                        }
                    }
                }
            }
        }
        Assert.All(near, id => Assert.Equal(all.Contains(id), Topology.Exists(SmallWorld, id)));
    }

    [Fact]
    public void Grain_keys_carry_the_run_and_the_agent()
    {
        var id = SmallWorld.AllAgents().Last();
        var key = GrainKeys.Agent("batch/arm-2/rep-3", id);

        Assert.Equal(("batch/arm-2/rep-3", id), GrainKeys.Parse(key));
        Assert.Throws<FormatException>(() => GrainKeys.Parse("no-slash"));
    }

    [Fact]
    public void Grain_keys_split_without_strings_give_the_same_run_and_agent()
    {
        foreach (var id in SmallWorld.AllAgents())
        {
            var key = GrainKeys.Agent("batch/arm-2/rep-3", id);

            Assert.Equal(id, GrainKeys.Parse(key.AsSpan(), out var runId));
            Assert.Equal("batch/arm-2/rep-3", runId.ToString());
        }
        Assert.Throws<FormatException>(() => GrainKeys.Parse("/P0".AsSpan(), out _));
    }

    [Fact]
    public void A_mailroom_sorts_mail_to_itself_its_leaves_and_the_child_holding_the_recipient()
    {
        var province = SmallWorld.ProvinceGovernment(0);
        var leaves = SmallWorld.Leaves(province);
        var children = SmallWorld.ChildGovernments(province);
        var mail = new Mailroom(province, leaves, children);
        var deepCounty = SmallWorld.ChildGovernments(children[1])[0];
        var citizens = AgentId.Create(AgentKind.CitizenGroup, 0, deepCounty.City, deepCounty.County, 0);

        mail.Drop(Letter(province));
        mail.Drop(Letter(leaves[2]));
        mail.Drop(Letter(citizens));
        var boxes = mail.TakeAll();

        Assert.Equal(province, Assert.Single(boxes[0]).To);
        Assert.Equal(leaves[2], Assert.Single(boxes[1 + 2]).To);
        Assert.Equal(citizens, Assert.Single(boxes[mail.ChildBase + 1]).To);
        Assert.Equal(3, boxes.Sum(b => b.Length));
        Assert.All(mail.TakeAll(), box => Assert.Empty(box));
        Assert.Throws<InvalidOperationException>(() => mail.Drop(Letter(SmallWorld.ProvinceGovernment(1))));
    }

    [Fact]
    public void A_mailroom_refuses_leaves_out_of_order()
    {
        var province = SmallWorld.ProvinceGovernment(0);
        var leaves = SmallWorld.Leaves(province).Reverse().ToArray();

        var error = Assert.Throws<ArgumentException>(() => new Mailroom(province, leaves, SmallWorld.ChildGovernments(province)));
        Assert.Contains("ascending", error.Message);
    }

    private static Envelope Letter(AgentId to) => new(AgentId.Nation, to, 0, new InterventionNotice(OrleansGov.Scenarios.InterventionKind.AttentionShift, 0));
}
