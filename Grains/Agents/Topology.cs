using OrleansGov.Model;

namespace OrleansGov.Agents;

/// <summary>
/// O(1) structural checks on the world's agent set, so grains can reject mail to agents that do not
/// exist in the tick it is sent (as the reference engine does) without holding a set of every id.
/// Mirrors <see cref="World.AllAgents"/>; a test keeps the two in step.
/// </summary>
public static class Topology
{
    /// <summary>Is <paramref name="id"/> one of the run's agents?</summary>
    public static bool Exists(World world, AgentId id)
    {
        if (id.Kind == AgentKind.Nation)
        {
            return id == AgentId.Nation;
        }
        int p = id.Province;
        if (p < 0 || p >= world.ProvinceCount || !GovernmentExists(world, id))
        {
            return false;
        }
        var spec = world.Province(p);
        return id.Kind switch
        {
            AgentKind.Government => id.Index == 0,
            AgentKind.Office => id.Level == GovernmentLevel.Province && id.Index == 0,
            AgentKind.Department => id.Index < world.DepartmentKinds,
            AgentKind.Enterprise => id.Level == GovernmentLevel.Province && id.Index < spec.Enterprises,
            AgentKind.CitizenGroup => id.Level == GovernmentLevel.County && id.Index < spec.CitizenGroupsPerCounty,
            _ => false,
        };
    }

    /// <summary>Does the government at <paramref name="id"/>'s place exist (province known to be valid)?</summary>
    private static bool GovernmentExists(World world, AgentId id)
    {
        int p = id.Province, city = id.City, county = id.County;
        if (city >= 0)
        {
            return city < world.CityCount(p) && (county < 0 || county < world.CountiesIn(p, city));
        }
        return county < 0 || (world.CityCount(p) == 0 && county < world.CountiesIn(p, -1));
    }

    /// <summary>Throws when one of <paramref name="sent"/> (from index <paramref name="from"/>) is addressed to no agent of the run.</summary>
    public static void CheckRecipients(World world, List<Envelope> sent, int from = 0)
    {
        for (int i = from; i < sent.Count; i++)
        {
            var envelope = sent[i];
            if (!Exists(world, envelope.To))
            {
                throw new InvalidOperationException(
                    $"{envelope.From} sent {envelope.Body.GetType().Name} to unknown agent {envelope.To}.");
            }
        }
    }
}
