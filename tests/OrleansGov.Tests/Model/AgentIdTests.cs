using OrleansGov.Model;

namespace OrleansGov.Tests.Model;

public class AgentIdTests
{
    [Theory]
    [InlineData(AgentKind.Government, 0, -1, -1, 0, "p0.gov.0")]
    [InlineData(AgentKind.Department, 2, 5, 3, 4, "p2.c5.k3.dept.4")]
    [InlineData(AgentKind.Department, 1, -1, 7, 0, "p1.k7.dept.0")]
    [InlineData(AgentKind.Enterprise, 30, -1, -1, 12, "p30.ent.12")]
    [InlineData(AgentKind.CitizenGroup, 3, 0, 0, 1, "p3.c0.k0.citizens.1")]
    public void Round_trips_through_its_text_form(AgentKind kind, int p, int c, int k, int index, string text)
    {
        var id = AgentId.Create(kind, p, c, k, index);
        Assert.Equal(text, id.ToString());
        Assert.Equal(id, AgentId.Parse(text));
        Assert.Equal((kind, p, c, k, index), (id.Kind, id.Province, id.City, id.County, id.Index));
    }

    [Fact]
    public void The_longest_text_form_fits_the_format_buffer_and_round_trips()
    {
        var widest = AgentId.Create(AgentKind.CitizenGroup, AgentId.MaxProvince, AgentId.MaxCity, AgentId.MaxCounty, AgentId.MaxIndex);
        string text = widest.ToString();
        Assert.Equal("p254.c16382.k16382.citizens.16777215", text);
        Assert.True(text.Length <= AgentId.MaxTextLength);
        Assert.Equal(widest, AgentId.Parse(text));
        Assert.Equal("nation", AgentId.Nation.ToString());
        Assert.Equal(AgentId.Nation, AgentId.Parse("nation"));
    }

    [Theory]
    [InlineData("gov.0")]
    [InlineData(".gov.0")]
    [InlineData("p1..gov.0")]
    [InlineData("q1.gov.0")]
    [InlineData("p1.mayor.0")]
    [InlineData("p1.gov.x")]
    [InlineData("p1")]
    public void Rejects_text_that_is_not_an_agent_id(string text)
    {
        Assert.Throws<FormatException>(() => AgentId.Parse(text));
    }

    [Fact]
    public void Subtree_containment_follows_the_hierarchy()
    {
        var city = AgentId.Create(AgentKind.Government, 1, 2, -1, 0);
        var countyDept = AgentId.Create(AgentKind.Department, 1, 2, 4, 3);
        var otherCity = AgentId.Create(AgentKind.Department, 1, 3, 0, 3);
        var province = AgentId.Create(AgentKind.Government, 1, -1, -1, 0);
        Assert.True(city.Contains(countyDept));
        Assert.False(city.Contains(otherCity));
        Assert.True(province.Contains(otherCity));
        Assert.False(AgentId.Create(AgentKind.Government, 0, -1, -1, 0).Contains(countyDept));
        Assert.True(AgentId.Nation.Contains(countyDept));
        Assert.Equal(AgentId.Create(AgentKind.Government, 1, 2, 4, 0), countyDept.Government);
    }

    [Fact]
    public void Ids_of_one_place_sort_together()
    {
        var a = AgentId.Create(AgentKind.Department, 0, 1, 0, 7);
        var b = AgentId.Create(AgentKind.Department, 0, 1, 1, 0);
        var c = AgentId.Create(AgentKind.Government, 0, 2, -1, 0);
        Assert.True(a.CompareTo(b) < 0);
        Assert.True(b.CompareTo(c) < 0);
    }

    [Fact]
    public void Rejects_coordinates_beyond_capacity()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AgentId.Create(AgentKind.Department, 0, 0, AgentId.MaxCounty + 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => AgentId.Create(AgentKind.Department, 0, 0, 0, -1));
    }
}
