using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// Turns a scenario's dials, levers and timeline into what agents see each tick: the global
/// <see cref="Policy"/> in force, and notices for interventions that concern particular agents.
/// Pure function of the scenario, so every engine and silo computes the same thing.
/// </summary>
public sealed class PolicySchedule
{
    private readonly Scenario _scenario;
    private readonly Intervention[] _timeline;

    public PolicySchedule(Scenario scenario)
    {
        _scenario = scenario;
        // Stable sort by tick keeps the file's order among events of one tick.
        _timeline = scenario.Timeline.OrderBy(e => e.Tick).ToArray();
    }

    /// <summary>
    /// The policy after applying every global event at or before <paramref name="tick"/>: the national
    /// dials and levers, and each province's dials, Cloud Chief structure and last reorganisation.
    /// </summary>
    public Policy At(int tick)
    {
        var levers = _scenario.Levers;
        var policy = new Policy(
            _scenario.Dials.Vertical, _scenario.Dials.Horizontal, levers.NationalChief,
            levers.Accountability, levers.Linkage, levers.Outsourcing, levers.Participation);
        int count = _scenario.Provinces.Length;
        var dials = new Dials[count];
        var systems = new CloudChiefSystem[count];
        var switchTick = new int[count];
        var switchDistance = new double[count];
        for (int p = 0; p < count; p++)
        {
            dials[p] = _scenario.DialsOf(p);
            systems[p] = _scenario.SystemOf(p);
            switchTick[p] = -1;
        }
        foreach (var e in _timeline)
        {
            if (e.Tick > tick) break;
            policy = Apply(policy, e);
            if (e.Kind is not (InterventionKind.SetDials or InterventionKind.SetMode)) continue;
            for (int p = 0; p < count; p++)
            {
                if (e.Province is not null && _scenario.Provinces[p].Name != e.Province) continue;
                var before = dials[p];
                dials[p] = new Dials(e.Vertical ?? before.Vertical, e.Horizontal ?? before.Horizontal);
                if (e.System is { } system) systems[p] = system;
                // A reorganisation: how far the dials moved, summed over the events of one tick.
                double distance = Math.Abs(dials[p].Vertical - before.Vertical) + Math.Abs(dials[p].Horizontal - before.Horizontal);
                if (distance > 0)
                {
                    switchDistance[p] = switchTick[p] == e.Tick ? switchDistance[p] + distance : distance;
                    switchTick[p] = e.Tick;
                }
            }
        }
        var provinces = new ProvinceGovernance[count];
        for (int p = 0; p < count; p++)
        {
            var system = systems[p];
            provinces[p] = new ProvinceGovernance(dials[p].Vertical, dials[p].Horizontal,
                system.ChiefsAt(tick), system.OfficeAt(tick), system.PlatformAt(tick), switchTick[p], switchDistance[p]);
        }
        return policy with { Provinces = provinces };
    }

    /// <summary>
    /// Applies one event to the national policy; a <c>set-dials</c> or <c>set-mode</c> event for one
    /// province leaves the national dials alone, and events that target single agents change nothing here.
    /// </summary>
    public static Policy Apply(Policy policy, Intervention e) => e.Kind switch
    {
        InterventionKind.AppointNationalChief => policy with { NationalChief = true },
        InterventionKind.DismissNationalChief => policy with { NationalChief = false },
        InterventionKind.SetDials or InterventionKind.SetMode when e.Province is null => policy with
        {
            Vertical = e.Vertical ?? policy.Vertical,
            Horizontal = e.Horizontal ?? policy.Horizontal,
        },
        InterventionKind.SetLever => SetLever(policy, e.Lever, e.Value ?? 0),
        _ => policy,
    };

    /// <summary>The levers a <see cref="InterventionKind.SetLever"/> event may name.</summary>
    public static readonly string[] LeverNames = ["national-chief", "accountability", "linkage", "outsourcing", "participation"];

    private static Policy SetLever(Policy policy, string? lever, double value) => lever switch
    {
        "national-chief" => policy with { NationalChief = value > 0 },
        "accountability" => policy with { Accountability = value },
        "linkage" => policy with { Linkage = value },
        "outsourcing" => policy with { Outsourcing = value },
        "participation" => policy with { Participation = value },
        _ => throw new ArgumentException($"Unknown lever '{lever}'."),
    };

    /// <summary>
    /// Notices from the environment for interventions that concern particular agents, delivered in
    /// the inbox of <paramref name="tick"/>: an attention shift to the province government, an office
    /// upgrade to the office.
    /// </summary>
    public List<Envelope> NoticesAt(int tick, World world)
    {
        var notices = new List<Envelope>();
        int sequence = 0;
        foreach (var e in _timeline)
        {
            if (e.Tick != tick) continue;
            if (e.Kind is not (InterventionKind.AttentionShift or InterventionKind.UpgradeOffice)) continue;
            for (int p = 0; p < world.ProvinceCount; p++)
            {
                if (e.Province is not null && world.Province(p).Name != e.Province) continue;
                var to = e.Kind == InterventionKind.AttentionShift ? world.ProvinceGovernment(p) : world.Office(p);
                notices.Add(new Envelope(AgentId.Environment, to, sequence++, new InterventionNotice(e.Kind, e.Value ?? 0)));
            }
        }
        return notices;
    }
}
