using OrleansGov.Model;

namespace OrleansGov.Metrics;

/// <summary>
/// Additive tallies from which a scope's <see cref="ScopeMetrics"/> are computed. Every field is an
/// integer (real quantities are stored in fixed point, 1e-9 units), so merging is associative and
/// commutative: the engines may aggregate in any order and still produce identical bits
/// (determinism contract, ARCHITECTURE §3).
/// </summary>
[GenerateSerializer, Alias("og.metrics-acc")]
public sealed class MetricsAccumulator
{
    private const double FixedScale = 1e9;

    [Id(0)] public long SystemsTotal;
    /// <summary>Systems really on the cloud.</summary>
    [Id(1)] public long SystemsMigrated;
    [Id(2)] public long Departments;
    /// <summary>Data needs (department × source) that no path meets: no link receiving from the source, no platform or national exchange.</summary>
    [Id(3)] public long NeedsUnmet;
    // The county list is made at first use: most accumulators are one leaf's tally for one tick (one
    // per agent-tick on the Orleans engine), and most leaves never hold a county. The per-channel counts
    // are inline (they were two arrays made at first use, which every department used every tick).
    [Id(4)] private ChannelCounts _deals;
    [Id(5)] private ChannelCounts _closed;
    [Id(21)] private List<(int Migrated, int Total)>? _counties;

    /// <summary>Deals made, per <see cref="SharingChannel"/> (cumulative); a reference into this accumulator.</summary>
    public ref ChannelCounts Deals => ref _deals;
    /// <summary>Negotiations closed (deal, refusal or timeout), per channel (cumulative); a reference into this accumulator.</summary>
    public ref ChannelCounts Closed => ref _closed;
    [Id(6)] public long Refusals;
    [Id(7)] public long DirectivesDue;
    [Id(8)] public long DirectivesMet;
    [Id(9)] public long Chiefs;
    [Id(10)] public long AttentionFixed;
    [Id(11)] public long Messages;
    [Id(12)] public long Rounds;
    [Id(13)] public long Enterprises;
    [Id(14)] public long EnterprisesEngaged;
    [Id(15)] public long QualityFixed;
    [Id(16)] public long Groups;
    [Id(17)] public long SatisfactionFixed;
    [Id(18)] public long ParticipatingGroups;
    [Id(19)] public long Offices;
    [Id(20)] public long ReadinessFixed;
    /// <summary>Per county: (migrated, total) systems of its departments, for the regional Gini and SD.</summary>
    public List<(int Migrated, int Total)> Counties => _counties ??= new();
    /// <summary>Systems reported as migrated (really migrated + paper).</summary>
    [Id(22)] public long SystemsReported;
    /// <summary>Systems reported as migrated that are not (paper migration).</summary>
    [Id(23)] public long PaperSystems;
    [Id(24)] public long NeedsTotal;
    [Id(25)] public long ComplainingGroups;
    [Id(26)] public long InitiativeFixed;
    [Id(27)] public long WillingnessFixed;

    public static long ToFixed(double value) => (long)Math.Round(value * FixedScale);

    public void AddAttention(double attention)
    {
        Chiefs++;
        AttentionFixed += ToFixed(attention);
    }

    /// <summary>
    /// Marks this accumulator as one county's subtree: records its (migrated, total) systems as one
    /// entry of the regional-imbalance Gini. Engines call it once per county per tick, after the
    /// county's own agents have contributed and before merging it upward.
    /// </summary>
    public void CloseCounty() => AddCounty(SystemsMigrated, SystemsTotal);

    /// <summary>
    /// Records one county's (migrated, total) systems directly: for an engine that tallies a county's
    /// agents straight into its province's accumulator and takes the county's share as a difference.
    /// </summary>
    public void AddCounty(long migrated, long total) => Counties.Add(((int)migrated, (int)total));

    /// <summary>
    /// Zeroes every tally (the county list is emptied, its storage kept), so the object can serve as a new
    /// accumulator (<see cref="TallyPool"/>). A test sets every field and checks this clears it: a field
    /// added without a line here would leak one step's counts into the next.
    /// </summary>
    internal void Reset()
    {
        SystemsTotal = 0;
        SystemsMigrated = 0;
        Departments = 0;
        NeedsUnmet = 0;
        _deals = default;
        _closed = default;
        _counties?.Clear();
        Refusals = 0;
        DirectivesDue = 0;
        DirectivesMet = 0;
        Chiefs = 0;
        AttentionFixed = 0;
        Messages = 0;
        Rounds = 0;
        Enterprises = 0;
        EnterprisesEngaged = 0;
        QualityFixed = 0;
        Groups = 0;
        SatisfactionFixed = 0;
        ParticipatingGroups = 0;
        Offices = 0;
        ReadinessFixed = 0;
        SystemsReported = 0;
        PaperSystems = 0;
        NeedsTotal = 0;
        ComplainingGroups = 0;
        InitiativeFixed = 0;
        WillingnessFixed = 0;
    }

    public void Merge(MetricsAccumulator other)
    {
        SystemsTotal += other.SystemsTotal;
        SystemsMigrated += other.SystemsMigrated;
        Departments += other.Departments;
        NeedsUnmet += other.NeedsUnmet;
        _deals.Add(other._deals);
        _closed.Add(other._closed);
        Refusals += other.Refusals;
        DirectivesDue += other.DirectivesDue;
        DirectivesMet += other.DirectivesMet;
        Chiefs += other.Chiefs;
        AttentionFixed += other.AttentionFixed;
        Messages += other.Messages;
        Rounds += other.Rounds;
        Enterprises += other.Enterprises;
        EnterprisesEngaged += other.EnterprisesEngaged;
        QualityFixed += other.QualityFixed;
        Groups += other.Groups;
        SatisfactionFixed += other.SatisfactionFixed;
        ParticipatingGroups += other.ParticipatingGroups;
        Offices += other.Offices;
        ReadinessFixed += other.ReadinessFixed;
        if (other._counties is { Count: > 0 } counties)
        {
            Counties.AddRange(counties);
        }
        SystemsReported += other.SystemsReported;
        PaperSystems += other.PaperSystems;
        NeedsTotal += other.NeedsTotal;
        ComplainingGroups += other.ComplainingGroups;
        InitiativeFixed += other.InitiativeFixed;
        WillingnessFixed += other.WillingnessFixed;
    }

    /// <summary>
    /// The row of this scope at <paramref name="tick"/>. The recent-window columns are left empty (NaN
    /// rates, zero counts): they are differences between this row and an earlier one, filled in by the
    /// run's <c>MetricsWindow</c> from the rows alone (<see cref="WithRecent"/>).
    /// </summary>
    public ScopeMetrics ToMetrics(int tick, string scope) => new(
        Tick: tick,
        Scope: scope,
        CloudAdoption: Ratio(SystemsMigrated, SystemsTotal),
        ShareWithinRate: Ratio(Deals[0], Closed[0]),
        ShareWithinDeals: Deals[0],
        ShareRegionRate: Ratio(Deals[1], Closed[1]),
        ShareRegionDeals: Deals[1],
        ShareProvinceRate: Ratio(Deals[2], Closed[2]),
        ShareProvinceDeals: Deals[2],
        SharingRefusals: Refusals,
        Fragmentation: Ratio(NeedsUnmet, NeedsTotal),
        ImbalanceGini: Gini(),
        DirectiveCompliance: Ratio(DirectivesMet, DirectivesDue),
        LeaderAttention: FixedMean(AttentionFixed, Chiefs),
        CoordinationMessages: Messages,
        NegotiationRounds: Rounds,
        EnterpriseEngagement: Ratio(EnterprisesEngaged, Enterprises),
        ServiceQuality: FixedMean(QualityFixed, Departments),
        CitizenSatisfaction: FixedMean(SatisfactionFixed, Groups),
        Participation: Ratio(ParticipatingGroups, Groups),
        PlatformReadiness: FixedMean(ReadinessFixed, Offices),
        ReportedAdoption: Ratio(SystemsReported, SystemsTotal),
        PaperShare: Ratio(PaperSystems, SystemsReported),
        ImbalanceSd: CountySd(),
        ShareWithinClosed: Closed[0],
        ShareRegionClosed: Closed[1],
        ShareProvinceClosed: Closed[2],
        ShareWithinRateRecent: double.NaN,
        ShareRegionRateRecent: double.NaN,
        ShareProvinceRateRecent: double.NaN,
        ShareWithinClosedRecent: 0,
        ShareRegionClosedRecent: 0,
        ShareProvinceClosedRecent: 0,
        DirectiveComplianceRecent: double.NaN,
        Complaints: Ratio(ComplainingGroups, Groups),
        Initiative: FixedMean(InitiativeFixed, Departments),
        Willingness: FixedMean(WillingnessFixed, Departments),
        DirectivesDue: DirectivesDue,
        DirectivesMet: DirectivesMet);

    /// <summary><paramref name="row"/> with its recent-window columns set from <paramref name="recent"/> (counts within the windows).</summary>
    public static ScopeMetrics WithRecent(ScopeMetrics row, RecentTallies recent) => row with
    {
        ShareWithinRateRecent = Ratio(recent.Deals0, recent.Closed0),
        ShareRegionRateRecent = Ratio(recent.Deals1, recent.Closed1),
        ShareProvinceRateRecent = Ratio(recent.Deals2, recent.Closed2),
        ShareWithinClosedRecent = recent.Closed0,
        ShareRegionClosedRecent = recent.Closed1,
        ShareProvinceClosedRecent = recent.Closed2,
        DirectiveComplianceRecent = Ratio(recent.DirectivesMet, recent.DirectivesDue),
    };

    /// <summary>
    /// Standard deviation of county cloud adoption (population SD, counties unweighted), on sorted
    /// values so the merge order cannot change it. Unlike the Gini it starts at 0 and grows smoothly
    /// while the first systems move (docs/MODEL.md §8.2).
    /// </summary>
    public double CountySd()
    {
        int n = Counties.Count;
        if (n == 0) return double.NaN;
        var values = CountyAdoption();
        double mean = 0;
        for (int i = 0; i < n; i++) mean += values[i];
        mean /= n;
        double squares = 0;
        for (int i = 0; i < n; i++) squares += (values[i] - mean) * (values[i] - mean);
        return Math.Sqrt(squares / n);
    }

    private double[] CountyAdoption()
    {
        var values = new double[Counties.Count];
        for (int i = 0; i < values.Length; i++)
        {
            var (migrated, total) = Counties[i];
            values[i] = total == 0 ? 0.0 : (double)migrated / total;
        }
        Array.Sort(values);
        return values;
    }

    /// <summary>
    /// Gini coefficient of county cloud adoption. County values are sorted first, so the result
    /// does not depend on the order the counties were merged in.
    /// </summary>
    public double Gini()
    {
        int n = Counties.Count;
        if (n == 0) return double.NaN;
        var values = CountyAdoption();
        double sum = 0, weighted = 0;
        for (int i = 0; i < n; i++)
        {
            sum += values[i];
            weighted += (2.0 * (i + 1) - n - 1) * values[i];
        }
        return sum == 0 ? 0.0 : weighted / (n * sum);
    }

    private static double Ratio(long numerator, long denominator) =>
        denominator == 0 ? double.NaN : (double)numerator / denominator;

    private static double FixedMean(long sumFixed, long count) =>
        count == 0 ? double.NaN : sumFixed / FixedScale / count;
}

/// <summary>
/// Counts within a recent window (or cumulative ones, to take differences of): deals and closed
/// negotiations per channel, directives due and met. Integers, so windows are exact whatever the engine.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.recent-tallies")]
public readonly record struct RecentTallies(
    long Deals0, long Deals1, long Deals2, long Closed0, long Closed1, long Closed2, long DirectivesDue, long DirectivesMet)
{
    /// <summary>The cumulative counts a row carries (the windows are differences of these).</summary>
    public static RecentTallies Of(ScopeMetrics row) => new(
        row.ShareWithinDeals, row.ShareRegionDeals, row.ShareProvinceDeals,
        row.ShareWithinClosed, row.ShareRegionClosed, row.ShareProvinceClosed,
        row.DirectivesDue, row.DirectivesMet);

    public static RecentTallies operator -(RecentTallies a, RecentTallies b) => new(
        a.Deals0 - b.Deals0, a.Deals1 - b.Deals1, a.Deals2 - b.Deals2,
        a.Closed0 - b.Closed0, a.Closed1 - b.Closed1, a.Closed2 - b.Closed2,
        a.DirectivesDue - b.DirectivesDue, a.DirectivesMet - b.DirectivesMet);
}
