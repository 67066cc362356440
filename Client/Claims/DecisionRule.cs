namespace OrleansGov.Client.Claims;

/// <summary>The verdict on one condition or one claim (docs/CLAIMS.md, "The decision rule").</summary>
public enum Verdict
{
    /// <summary>The 95% CI lies beyond the smallest effect of interest in the expected direction.</summary>
    Supported,

    /// <summary>The 95% CI lies within ±SESOI: whatever the effect is, it is too small to matter.</summary>
    Negligible,

    /// <summary>The 95% CI lies beyond the smallest effect of interest in the other direction.</summary>
    Opposite,

    /// <summary>The 95% CI crosses a boundary at ±SESOI (or is undefined): the data do not decide.</summary>
    Inconclusive,
}

/// <summary>
/// The decision rule of the claims: a minimum-effect test and an equivalence test read off one
/// 95% confidence interval of the contrast, against a smallest effect of interest (SESOI) Δ &gt; 0 in
/// the measure's natural units (Lakens 2017; Lakens, Scheel &amp; Isager 2018). With the interval
/// oriented so that the expected direction is positive, [L, U]:
/// <list type="bullet">
/// <item><b>supported</b> when L &gt; Δ (the effect is larger than the smallest that matters, at one-sided α = 0.025);</item>
/// <item><b>opposite</b> when U &lt; −Δ;</item>
/// <item><b>negligible</b> when −Δ &lt; L and U &lt; Δ (two one-sided tests against ±Δ, each at α = 0.025);</item>
/// <item><b>inconclusive</b> otherwise, and when the interval is undefined.</item>
/// </list>
/// The bounds are strict: an interval that touches ±Δ does not decide. A CI that excludes 0 but not Δ is
/// not support: with near-deterministic replicates any difference, however small, excludes 0.
/// </summary>
public static class DecisionRule
{
    /// <summary>The verdict on a contrast whose 95% CI is [<paramref name="ciLow"/>, <paramref name="ciHigh"/>], expected to have sign <paramref name="expectedSign"/>, against <paramref name="sesoi"/>.</summary>
    public static Verdict Of(double ciLow, double ciHigh, int expectedSign, double sesoi)
    {
        if (!double.IsFinite(ciLow) || !double.IsFinite(ciHigh) || !(sesoi >= 0))
        {
            return Verdict.Inconclusive;
        }
        double low = expectedSign > 0 ? ciLow : -ciHigh;
        double high = expectedSign > 0 ? ciHigh : -ciLow;
        if (low > sesoi)
        {
            return Verdict.Supported;
        }
        if (high < -sesoi)
        {
            return Verdict.Opposite;
        }
        return low > -sesoi && high < sesoi ? Verdict.Negligible : Verdict.Inconclusive;
    }

    public static Verdict Of(Effect effect, int expectedSign, double sesoi) => Of(effect.CiLow, effect.CiHigh, expectedSign, sesoi);

    /// <summary>
    /// A claim's verdict from its counting conditions: opposite if any is opposite; else negligible if
    /// any is negligible (a part of the claim has no effect that matters); else supported if all are
    /// supported; else inconclusive.
    /// </summary>
    public static Verdict Combine(IEnumerable<Verdict> conditions)
    {
        var list = conditions.ToList();
        return list.Contains(Verdict.Opposite) ? Verdict.Opposite
            : list.Contains(Verdict.Negligible) ? Verdict.Negligible
            : list.Count > 0 && list.All(v => v == Verdict.Supported) ? Verdict.Supported
            : Verdict.Inconclusive;
    }

    /// <summary>
    /// Whether a condition "holds" at a robustness point: its estimate lies beyond the SESOI in the
    /// expected direction (the points have few replicates, so this reads the estimate, not its CI).
    /// </summary>
    public static bool Holds(Effect effect, int expectedSign, double sesoi) =>
        double.IsFinite(effect.Value) && expectedSign * effect.Value > sesoi;

    /// <summary>
    /// The ablation label, judged against the same SESOI: <c>disappears</c> if the effect without the
    /// mechanism is negligible; <c>reverses</c> if it is opposite; otherwise by the verdict on the paired
    /// reduction s·(with − without) (expected to be positive): <c>shrinks</c> if supported (the
    /// mechanism carries more than a SESOI of the effect), <c>grows</c> if opposite, <c>unchanged</c> if
    /// negligible, else <c>inconclusive</c>.
    /// </summary>
    public static string AblationLabel(Verdict without, Verdict reduction) => without switch
    {
        Verdict.Negligible => "disappears",
        Verdict.Opposite => "reverses",
        _ => reduction switch
        {
            Verdict.Supported => "shrinks",
            Verdict.Opposite => "grows",
            Verdict.Negligible => "unchanged",
            _ => "inconclusive",
        },
    };

    /// <summary>Whether a mechanism is shown: every mechanism-test condition's effect disappears, reverses or shrinks without it.</summary>
    public static bool MechanismShown(IEnumerable<string> labels) => labels.All(l => l is "disappears" or "reverses" or "shrinks");

    public static string Name(Verdict verdict) => verdict switch
    {
        Verdict.Supported => "supported",
        Verdict.Negligible => "negligible",
        Verdict.Opposite => "opposite",
        _ => "inconclusive",
    };
}
