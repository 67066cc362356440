using OrleansGov.Model;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Model;

public class WorldTests
{
    private readonly World _world = new(TestScenarios.Small());

    [Fact]
    public void Counts_every_agent_once_in_canonical_order()
    {
        var all = _world.AllAgents().ToList();
        Assert.Equal(_world.AgentCount, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(all.OrderBy(id => id.Value), all);
        // alpha: 1 province + 2 cities + 5 counties = 8 governments; beta: 1 + 3 counties = 4.
        int departments = _world.DepartmentKinds;
        long expected = 1
            + 8 * (1 + departments) + 1 + 4 + 5 * ScenarioDefaults.CitizenGroupsPerCounty
            + 4 * (1 + departments) + 1 + 3 + 3 * ScenarioDefaults.CitizenGroupsPerCounty;
        Assert.Equal(expected, _world.AgentCount);
    }

    [Fact]
    public void Every_agent_is_reached_from_the_nation_exactly_once()
    {
        var reached = new List<AgentId>();
        void Visit(AgentId government)
        {
            reached.Add(government);
            reached.AddRange(_world.Leaves(government));
            foreach (var child in _world.ChildGovernments(government))
            {
                Assert.Equal(government, _world.Parent(child));
                Assert.True(government.Contains(child));
                Visit(child);
            }
        }
        Visit(AgentId.Nation);
        Assert.Equal(_world.AllAgents().OrderBy(i => i.Value), reached.OrderBy(i => i.Value));
    }

    [Fact]
    public void A_province_without_cities_has_counties_directly_under_it()
    {
        var beta = _world.ProvinceGovernment(1);
        var children = _world.ChildGovernments(beta);
        Assert.Equal(3, children.Count);
        Assert.All(children, c => Assert.Equal(GovernmentLevel.County, c.Level));
        Assert.All(children, c => Assert.Equal(-1, c.City));
    }

    [Fact]
    public void Counties_are_spread_evenly_over_cities()
    {
        Assert.Equal(3, _world.CountiesIn(0, 0));
        Assert.Equal(2, _world.CountiesIn(0, 1));
    }

    [Fact]
    public void Random_choices_respect_exclusions()
    {
        var government = _world.ProvinceGovernment(0);
        var rng = new Rng(1, 2, 3);
        for (int i = 0; i < 200; i++)
        {
            Assert.NotEqual(2, _world.RandomDepartment(government, 2, ref rng).Index);
            var other = _world.RandomGovernment(0, government, ref rng);
            Assert.NotEqual(government, other);
            Assert.Equal(0, other.Province);
        }
    }

    [Fact]
    public void Chiefs_follow_the_province_structure()
    {
        // alpha is Guizhou-like: chiefs at every level; guangxi-like provinces have none at county level.
        Assert.True(_world.HasChief(AgentId.Create(AgentKind.Government, 0, 0, 0, 0)));
        var guangxi = new World(TestScenarios.Small() with { Provinces = [ScenarioDefaults.Provinces["guangxi"] with { Cities = 2, Counties = 3 }] });
        Assert.True(guangxi.HasChief(AgentId.Create(AgentKind.Government, 0, 0, -1, 0)));
        Assert.False(guangxi.HasChief(AgentId.Create(AgentKind.Government, 0, 0, 0, 0)));
    }
}
