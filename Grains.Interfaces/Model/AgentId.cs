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
        Span<char> buffer = stackalloc char[MaxTextLength];
        return new string(buffer[..Format(buffer)]);
    }

    /// <summary>The longest text form: <c>p254.c16382.k16382.citizens.16777215</c>.</summary>
    public const int MaxTextLength = 40;

    /// <summary>
    /// Writes <see cref="ToString"/>'s text into <paramref name="destination"/> (at least
    /// <see cref="MaxTextLength"/> long) and returns its length. Grain keys are built from it without
    /// the intermediate strings of joining parts: a run makes one per agent in its first tick.
    /// </summary>
    public int Format(Span<char> destination)
    {
        if (Kind == AgentKind.Environment) return Copy("environment", destination);
        if (Kind == AgentKind.Nation) return Copy("nation", destination);
        int n = Part('p', Province, destination);
        if (City >= 0) n += Part('c', City, destination[n..]);
        if (County >= 0) n += Part('k', County, destination[n..]);
        n += Copy(KindToken(Kind), destination[n..]);
        destination[n++] = '.';
        Index.TryFormat(destination[n..], out int written, default, CultureInfo.InvariantCulture);
        return n + written;

        static int Part(char letter, int number, Span<char> to)
        {
            to[0] = letter;
            number.TryFormat(to[1..], out int written, default, CultureInfo.InvariantCulture);
            to[1 + written] = '.';
            return written + 2;
        }

        static int Copy(string text, Span<char> to)
        {
            text.CopyTo(to);
            return text.Length;
        }
    }

    public static AgentId Parse(string text) => Parse(text.AsSpan());

    /// <summary>Reads <see cref="ToString"/>'s text form (without splitting it into strings: each leaf grain parses its key once).</summary>
    public static AgentId Parse(ReadOnlySpan<char> text)
    {
        if (text.SequenceEqual("environment")) return Environment;
        if (text.SequenceEqual("nation")) return Nation;
        int province = -1, city = -1, county = -1;
        int indexDot = text.LastIndexOf('.');
        int kindDot = indexDot > 0 ? text[..indexDot].LastIndexOf('.') : -1;
        if (kindDot < 0) throw new FormatException($"'{text}' is not an agent id.");
        var places = text[..kindDot];
        while (true)
        {
            int dot = places.IndexOf('.');
            var part = dot < 0 ? places : places[..dot];
            if (part.IsEmpty) throw new FormatException($"'{text}' is not an agent id.");
            int n = int.Parse(part[1..], CultureInfo.InvariantCulture);
            switch (part[0])
            {
                case 'p': province = n; break;
                case 'c': city = n; break;
                case 'k': county = n; break;
                default: throw new FormatException($"'{text}' is not an agent id.");
            }
            if (dot < 0) break;
            places = places[(dot + 1)..];
        }
        var kind = text[(kindDot + 1)..indexDot] switch
        {
            "gov" => AgentKind.Government,
            "office" => AgentKind.Office,
            "dept" => AgentKind.Department,
            "ent" => AgentKind.Enterprise,
            "citizens" => AgentKind.CitizenGroup,
            _ => throw new FormatException($"'{text}' is not an agent id."),
        };
        return Create(kind, province, city, county, int.Parse(text[(indexDot + 1)..], CultureInfo.InvariantCulture));
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
