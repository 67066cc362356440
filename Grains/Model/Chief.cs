using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// One cloud chief's attention to digital government and how fast it fades (docs/MODEL.md §6.1).
/// Chiefs differ: each draws its attention at appointment around <c>mechanisms.attention.initial</c>
/// and its decay rate around <c>mechanisms.attention.decay-per-tick</c>; a successor after a rotation
/// brings an attention of its own (Eaton &amp; Kostka 2014 on local leaders' short tenures).
/// </summary>
internal struct Chief
{
    public double Attention;
    public double Decay;

    /// <summary>A chief taking office when the system is set up.</summary>
    public static Chief Appointed(in StepContext context, ref Rng rng)
    {
        var settings = context.Scenario.Mechanisms.Attention;
        double spread = context.K[Constants.InitialSpread];
        return new Chief
        {
            Attention = Math.Clamp(settings.Initial + rng.Uniform(-spread, spread), 0, 1),
            Decay = DrawDecay(context, ref rng),
        };
    }

    /// <summary>A successor after a rotation: attention uniform between successor-min and successor-max.</summary>
    public static Chief Successor(in StepContext context, ref Rng rng)
    {
        var k = context.K;
        return new Chief
        {
            Attention = rng.Uniform(k[Constants.SuccessorMin], k[Constants.SuccessorMax]),
            Decay = DrawDecay(context, ref rng),
        };
    }

    /// <summary>The chance per tick that a chief is replaced: 1 / (mean tenure × ticks per year).</summary>
    public static double Hazard(in StepContext context) =>
        1.0 / (context.K[Constants.TenureYears] * context.Scenario.TicksPerYear);

    private static double DrawDecay(in StepContext context, ref Rng rng)
    {
        double spread = context.K[Constants.DecaySpread];
        return Math.Clamp(context.Scenario.Mechanisms.Attention.DecayPerTick * rng.Uniform(1 - spread, 1 + spread), 0, 1);
    }

    /// <summary>One tick of decay toward the baseline at this chief's own rate, if decay is on.</summary>
    public void DecayOneTick(AttentionSettings settings)
    {
        Attention = Model.Attention.Decay(Attention, settings, Decay);
    }
}
