using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// The run's immutable topology, derived from the scenario alone: which agents exist, who sits under
/// whom, and how to pick a partner. Every silo (and the reference engine) builds the same World from
/// the same scenario, so it is shared structure, not per-agent state.
/// </summary>
public sealed class World
{
    private readonly ProvinceLayout[] _provinces;
    private readonly Dictionary<string, int> _provinceIndex;

    public World(Scenario scenario)
    {
        Scenario = scenario;
        _provinces = new ProvinceLayout[scenario.Provinces.Length];
        _provinceIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int p = 0; p < _provinces.Length; p++)
        {
            _provinces[p] = new ProvinceLayout(p, scenario.Provinces[p]);
            _provinceIndex[scenario.Provinces[p].Name] = p;
        }
        DepartmentKinds = scenario.Departments.Length;
        AgentCount = 1 + _provinces.Sum(l => l.AgentCount(DepartmentKinds));
    }

    public Scenario Scenario { get; }
    /// <summary>The scenario's model constants.</summary>
    public ConstantValues K => Scenario.Constants;
    public int ProvinceCount => _provinces.Length;
    public int DepartmentKinds { get; }
    /// <summary>Agents in all, the nation included.</summary>
    public long AgentCount { get; }

    public ProvinceSpec Province(int p) => _provinces[p].Spec;
    public int ProvinceIndex(string name) => _provinceIndex.TryGetValue(name, out int p) ? p : -1;
    public AgentId ProvinceGovernment(int p) => AgentId.Create(AgentKind.Government, p, -1, -1, 0);
    public AgentId Office(int p) => AgentId.Create(AgentKind.Office, p, -1, -1, 0);
    /// <summary>Every government of a province: the province, its cities, its counties.</summary>
    public IReadOnlyList<AgentId> GovernmentsOf(int p) => _provinces[p].Governments;
    public int CityCount(int p) => _provinces[p].Spec.Cities;
    public int CountiesIn(int p, int city) => _provinces[p].CountiesIn(city);

    /// <summary>Does this government have its own cloud chief (rather than relaying the level above)?</summary>
    public bool HasChief(AgentId government) => government.Level switch
    {
        GovernmentLevel.Nation => true,
        GovernmentLevel.Province => true,
        GovernmentLevel.City => Province(government.Province).Chiefs.CityChiefs,
        _ => Province(government.Province).Chiefs.CountyChiefs,
    };

    /// <summary>The government directly above <paramref name="government"/>.</summary>
    public AgentId Parent(AgentId government) => government.Level switch
    {
        GovernmentLevel.Province => AgentId.Nation,
        GovernmentLevel.City => ProvinceGovernment(government.Province),
        GovernmentLevel.County when government.City >= 0 => AgentId.Create(AgentKind.Government, government.Province, government.City, -1, 0),
        GovernmentLevel.County => ProvinceGovernment(government.Province),
        _ => throw new ArgumentException($"{government} has no parent."),
    };

    /// <summary>Governments directly under <paramref name="government"/>, in canonical order.</summary>
    public IReadOnlyList<AgentId> ChildGovernments(AgentId government)
    {
        if (government.Kind == AgentKind.Nation)
        {
            return Enumerable.Range(0, ProvinceCount).Select(ProvinceGovernment).ToArray();
        }
        var layout = _provinces[government.Province];
        return government.Level switch
        {
            GovernmentLevel.Province when layout.Spec.Cities == 0 =>
                Enumerable.Range(0, layout.Spec.Counties).Select(k => AgentId.Create(AgentKind.Government, layout.Index, -1, k, 0)).ToArray(),
            GovernmentLevel.Province =>
                Enumerable.Range(0, layout.Spec.Cities).Select(c => AgentId.Create(AgentKind.Government, layout.Index, c, -1, 0)).ToArray(),
            GovernmentLevel.City =>
                Enumerable.Range(0, layout.CountiesIn(government.City)).Select(k => AgentId.Create(AgentKind.Government, layout.Index, government.City, k, 0)).ToArray(),
            _ => Array.Empty<AgentId>(),
        };
    }

    /// <summary>The non-government agents a government hosts (its departments, and office, enterprises or citizen groups), in canonical order.</summary>
    public IReadOnlyList<AgentId> Leaves(AgentId government)
    {
        if (government.Kind == AgentKind.Nation)
        {
            return Array.Empty<AgentId>();
        }
        int p = government.Province, c = government.City, k = government.County;
        var spec = Province(p);
        // Sized exactly: every government of a run asks once, and a grown list's discarded arrays were
        // ~50 B of garbage per agent in the first tick.
        var leaves = new List<AgentId>(DepartmentKinds + government.Level switch
        {
            GovernmentLevel.Province => 1 + spec.Enterprises,
            GovernmentLevel.County => spec.CitizenGroupsPerCounty,
            _ => 0,
        });
        if (government.Level == GovernmentLevel.Province)
        {
            leaves.Add(Office(p));
        }
        for (int d = 0; d < DepartmentKinds; d++)
        {
            leaves.Add(AgentId.Create(AgentKind.Department, p, c, k, d));
        }
        if (government.Level == GovernmentLevel.Province)
        {
            for (int e = 0; e < spec.Enterprises; e++) leaves.Add(AgentId.Create(AgentKind.Enterprise, p, -1, -1, e));
        }
        if (government.Level == GovernmentLevel.County)
        {
            for (int g = 0; g < spec.CitizenGroupsPerCounty; g++) leaves.Add(AgentId.Create(AgentKind.CitizenGroup, p, c, k, g));
        }
        leaves.Sort();
        return leaves;
    }

    /// <summary>Every agent of the run in canonical (id) order.</summary>
    public IEnumerable<AgentId> AllAgents()
    {
        var all = new List<AgentId> { AgentId.Nation };
        for (int p = 0; p < ProvinceCount; p++)
        {
            foreach (var government in GovernmentsOf(p))
            {
                all.Add(government);
                all.AddRange(Leaves(government));
            }
        }
        all.Sort();
        return all;
    }

    /// <summary>A uniformly chosen department of <paramref name="government"/>, other than kind <paramref name="excludeKind"/> (-1: any).</summary>
    public AgentId RandomDepartment(AgentId government, int excludeKind, ref Rng rng)
    {
        int d;
        if (excludeKind < 0 || DepartmentKinds <= 1)
        {
            d = rng.Next(DepartmentKinds);
        }
        else
        {
            d = rng.Next(DepartmentKinds - 1);
            if (d >= excludeKind) d++;
        }
        return AgentId.Create(AgentKind.Department, government.Province, government.City, government.County, d);
    }

    /// <summary>A uniformly chosen government of province <paramref name="p"/> other than <paramref name="except"/> (if it is one of them).</summary>
    public AgentId RandomGovernment(int p, AgentId except, ref Rng rng)
    {
        var governments = _provinces[p].Governments;
        int exceptIndex = Array.BinarySearch(governments, except);
        if (exceptIndex < 0) return governments[rng.Next(governments.Length)];
        if (governments.Length == 1) return governments[0];
        int i = rng.Next(governments.Length - 1);
        return governments[i >= exceptIndex ? i + 1 : i];
    }

    /// <summary>A uniformly chosen enterprise of province <paramref name="p"/>, or null when it has none.</summary>
    public AgentId? RandomEnterprise(int p, ref Rng rng)
    {
        int count = Province(p).Enterprises;
        return count == 0 ? null : AgentId.Create(AgentKind.Enterprise, p, -1, -1, rng.Next(count));
    }

    private sealed class ProvinceLayout
    {
        private readonly int[] _countiesPerCity;

        public ProvinceLayout(int index, ProvinceSpec spec)
        {
            Index = index;
            Spec = spec;
            _countiesPerCity = new int[Math.Max(1, spec.Cities)];
            if (spec.Cities == 0)
            {
                _countiesPerCity[0] = spec.Counties;
            }
            else
            {
                for (int c = 0; c < spec.Cities; c++)
                {
                    _countiesPerCity[c] = spec.Counties / spec.Cities + (c < spec.Counties % spec.Cities ? 1 : 0);
                }
            }
            var governments = new List<AgentId> { AgentId.Create(AgentKind.Government, index, -1, -1, 0) };
            if (spec.Cities == 0)
            {
                for (int k = 0; k < spec.Counties; k++) governments.Add(AgentId.Create(AgentKind.Government, index, -1, k, 0));
            }
            else
            {
                for (int c = 0; c < spec.Cities; c++)
                {
                    governments.Add(AgentId.Create(AgentKind.Government, index, c, -1, 0));
                    for (int k = 0; k < _countiesPerCity[c]; k++) governments.Add(AgentId.Create(AgentKind.Government, index, c, k, 0));
                }
            }
            governments.Sort();
            Governments = governments.ToArray();
        }

        public int Index { get; }
        public ProvinceSpec Spec { get; }
        public AgentId[] Governments { get; }

        public int CountiesIn(int city) => Spec.Cities == 0 ? (city < 0 ? Spec.Counties : 0) : _countiesPerCity[city];

        public long AgentCount(int departmentKinds) =>
            Governments.Length * (1L + departmentKinds) + 1 + Spec.Enterprises + (long)Spec.Counties * Spec.CitizenGroupsPerCounty;
    }
}
