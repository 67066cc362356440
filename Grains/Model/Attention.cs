using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// A leader's attention to digital government, in [0, 1] (article §3.3, challenge 1). It decays toward
/// a baseline (digital government is one target among many) and is refreshed by directives from above,
/// meetings and accountability. Pure functions, shared by every chief.
/// </summary>
public static class Attention
{
    /// <summary>One tick of decay toward the baseline at the settings' rate, if the decay mechanism is on.</summary>
    public static double Decay(double attention, AttentionSettings settings) => Decay(attention, settings, settings.DecayPerTick);

    /// <summary>One tick of decay toward the baseline at a chief's own <paramref name="rate"/>, if the decay mechanism is on.</summary>
    public static double Decay(double attention, AttentionSettings settings, double rate) =>
        settings.Decay ? settings.Baseline + (attention - settings.Baseline) * (1 - rate) : attention;

    /// <summary>Moves attention a share <paramref name="strength"/> of the way to 1.</summary>
    public static double Refresh(double attention, double strength) =>
        attention + Math.Clamp(strength, 0, 1) * (1 - attention);

    /// <summary>
    /// Moves attention a share <paramref name="strength"/> of the way up to <paramref name="leader"/>'s
    /// attention: a directive from a distracted chief cannot raise anyone's attention above its own.
    /// </summary>
    public static double Follow(double attention, double leader, double strength) =>
        leader > attention ? attention + Math.Clamp(strength, 0, 1) * (leader - attention) : attention;

    /// <summary>Several leaders sharing one responsibility: the chance at least one of them attends.</summary>
    public static double Combine(double a, double b) => 1 - (1 - a) * (1 - b);
}
