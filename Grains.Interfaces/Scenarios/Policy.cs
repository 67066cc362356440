namespace OrleansGov.Scenarios;

/// <summary>
/// The institutional environment in force at one tick: the dials and levers after applying every
/// timeline event up to that tick, and each province's own governance. Passed to every agent with its
/// step, so rules read the dials and the Cloud Chief structure only from here (never a mode's name).
/// </summary>
/// <param name="Vertical">The national vertical dial (the nation's own; provinces have theirs in <paramref name="Provinces"/>).</param>
/// <param name="Horizontal">The national horizontal dial.</param>
/// <param name="Provinces">Each province's governance, in scenario order; null (rule tests) means every province has the national dials and the full system.</param>
[GenerateSerializer, Immutable, Alias("og.policy")]
public sealed record Policy(
    double Vertical,
    double Horizontal,
    bool NationalChief,
    double Accountability,
    double Linkage,
    double Outsourcing,
    double Participation,
    ProvinceGovernance[]? Provinces = null)
{
    /// <summary>The governance of province <paramref name="province"/> (the national dials for the nation, index −1).</summary>
    public ProvinceGovernance Of(int province) =>
        Provinces is { } all && (uint)province < (uint)all.Length
            ? all[province]
            : new ProvinceGovernance(Vertical, Horizontal, true, true, true);

    public bool Equals(Policy? other) =>
        other is not null
        && (Vertical, Horizontal, NationalChief, Accountability, Linkage, Outsourcing, Participation)
            == (other.Vertical, other.Horizontal, other.NationalChief, other.Accountability, other.Linkage, other.Outsourcing, other.Participation)
        && (Provinces ?? []).AsSpan().SequenceEqual(other.Provinces ?? []);

    public override int GetHashCode() => HashCode.Combine(Vertical, Horizontal, NationalChief, Accountability, Linkage, Outsourcing, Participation, Provinces?.Length);
}

/// <summary>
/// One province's governance at a tick: its dials, which parts of the Cloud Chief system exist, and
/// its last reorganisation (a change of dials at <paramref name="SwitchTick"/> over
/// <paramref name="SwitchDistance"/> = |ΔV| + |ΔH|; −1 and 0 when none).
/// </summary>
[GenerateSerializer, Immutable, Alias("og.province-governance")]
public sealed record ProvinceGovernance(
    double Vertical,
    double Horizontal,
    bool Chiefs,
    bool Office,
    bool Platform,
    int SwitchTick = -1,
    double SwitchDistance = 0);
