using System.Globalization;

namespace OrleansGov.Model;

/// <summary>
/// A run-independent agent identity packed into 64 bits: province, city, county, kind, index.
/// Location comes first so that ids of one subtree form a contiguous, sortable range; the
/// numeric value is the canonical order used to sort inboxes and to derive random streams.
/// Province/city/county are stored +1 so that 0 means "not at this level".
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct AgentId(ulong Value) : IComparable<AgentId>
{
    private const int IndexBits = 24, KindBits = 4, CountyBits = 14, CityBits = 14;
    private const int KindShift = IndexBits;
    private const int CountyShift = KindShift + KindBits;
    private const int CityShift = CountyShift + CountyBits;
    private const int ProvinceShift = CityShift + CityBits;

    /// <summary>The largest index, county or city number an id can carry.</summary>
    public const int MaxIndex = (1 << IndexBits) - 1, MaxCounty = (1 << CountyBits) - 2, MaxCity = (1 << CityBits) - 2, MaxProvince = 254;

    /// <summary>The sender of scenario interventions.</summary>
    public static readonly AgentId Environment = new(0);

    /// <summary>The one nation agent.</summary>
    public static readonly AgentId Nation = Create(AgentKind.Nation, -1, -1, -1, 0);

    public static AgentId Create(AgentKind kind, int province, int city, int county, int index)
    {
        if (province > MaxProvince || city > MaxCity || county > MaxCounty || index is < 0 or > MaxIndex)
        {
            throw new ArgumentOutOfRangeException(nameof(index), "Agent coordinates exceed the id's capacity.");
        }
        ulong value = ((ulong)(uint)(province + 1) << ProvinceShift)
                      | ((ulong)(uint)(city + 1) << CityShift)
                      | ((ulong)(uint)(county + 1) << CountyShift)
                      | ((ulong)kind << KindShift)
                      | (uint)index;
        return new AgentId(value);
    }

    public AgentKind Kind => (AgentKind)((Value >> KindShift) & ((1UL << KindBits) - 1));
    /// <summary>Zero-based province number, or -1 for the nation.</summary>
    public int Province => (int)((Value >> ProvinceShift) & 0xFF) - 1;
    /// <summary>Zero-based city number inside the province, or -1 when the agent sits above cities or the province has none.</summary>
    public int City => (int)((Value >> CityShift) & ((1UL << CityBits) - 1)) - 1;
    /// <summary>Zero-based county number inside its city (or province), or -1 when the agent sits above counties.</summary>
    public int County => (int)((Value >> CountyShift) & ((1UL << CountyBits) - 1)) - 1;
    public int Index => (int)(Value & ((1UL << IndexBits) - 1));

    /// <summary>The government this agent belongs to (itself for a government; the province for an office or enterprise).</summary>
    public AgentId Government => Kind switch
    {
        AgentKind.Nation or AgentKind.Environment => this,
        _ => Create(AgentKind.Government, Province, City, County, 0),
    };

    /// <summary>The level of the place this id sits at.</summary>
    public GovernmentLevel Level =>
        Province < 0 ? GovernmentLevel.Nation
        : County >= 0 ? GovernmentLevel.County
        : City >= 0 ? GovernmentLevel.City
        : GovernmentLevel.Province;

    public int CompareTo(AgentId other) => Value.CompareTo(other.Value);

    /// <summary>True when <paramref name="other"/> lies in the subtree rooted at this government's place.</summary>
    public bool Contains(AgentId other)
    {
        if (Kind == AgentKind.Nation)
        {
            return other.Kind != AgentKind.Environment;
        }
        if (other.Province != Province)
        {
            return false;
        }
        return Level switch
        {
            GovernmentLevel.Province => true,
            GovernmentLevel.City => other.City == City,
            GovernmentLevel.County => other.City == City && other.County == County,
            _ => false,
        };
    }

    /// <summary>Readable, parseable form such as <c>p2.c5.k3.dept.4</c>.</summary>
    public override string ToString()
    {
        if (Kind == AgentKind.Environment) return "environment";
        if (Kind == AgentKind.Nation) return "nation";
        var parts = new List<string>(5) { "p" + Province.ToString(CultureInfo.InvariantCulture) };
        if (City >= 0) parts.Add("c" + City.ToString(CultureInfo.InvariantCulture));
        if (County >= 0) parts.Add("k" + County.ToString(CultureInfo.InvariantCulture));
        parts.Add(KindToken(Kind));
        parts.Add(Index.ToString(CultureInfo.InvariantCulture));
        return string.Join('.', parts);
    }

    public static AgentId Parse(string text)
    {
        if (text == "environment") return Environment;
        if (text == "nation") return Nation;
        int province = -1, city = -1, county = -1;
        var parts = text.Split('.');
        if (parts.Length < 3) throw new FormatException($"'{text}' is not an agent id.");
        foreach (var part in parts[..^2])
        {
            int n = int.Parse(part.AsSpan(1), CultureInfo.InvariantCulture);
            switch (part[0])
            {
                case 'p': province = n; break;
                case 'c': city = n; break;
                case 'k': county = n; break;
                default: throw new FormatException($"'{text}' is not an agent id.");
            }
        }
        var kind = parts[^2] switch
        {
            "gov" => AgentKind.Government,
            "office" => AgentKind.Office,
            "dept" => AgentKind.Department,
            "ent" => AgentKind.Enterprise,
            "citizens" => AgentKind.CitizenGroup,
            _ => throw new FormatException($"'{text}' is not an agent id."),
        };
        return Create(kind, province, city, county, int.Parse(parts[^1], CultureInfo.InvariantCulture));
    }

    private static string KindToken(AgentKind kind) => kind switch
    {
        AgentKind.Government => "gov",
        AgentKind.Office => "office",
        AgentKind.Department => "dept",
        AgentKind.Enterprise => "ent",
        AgentKind.CitizenGroup => "citizens",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
