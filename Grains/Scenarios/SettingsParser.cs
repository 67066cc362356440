namespace OrleansGov.Scenarios;

/// <summary>
/// The scenario's switchable settings: mechanisms (attention, overlapping structures, platform,
/// negotiation), levers and cooperative preconditions. Each absent key keeps its default.
/// </summary>
internal static class SettingsParser
{
    public static Mechanisms Mechanisms(YamlMap? map)
    {
        var d = ScenarioDefaults.Mechanisms;
        if (map is null) return d;
        map.AllowOnly([
            "attention", "overlapping-structures", "unified-platform", "negotiation", "directive-binding",
            "horizontal-coordination", "peer-learning", "sanctions-curb-obstruction", "arbitration", "responsiveness",
            "formalism", "crowding-out", "coordination-cost", "free-riding", "switching-cost", "rotation", "shocks",
        ]);
        return new Mechanisms(
            Attention(map.Map("attention"), d.Attention),
            map.Bool("overlapping-structures") ?? d.OverlappingStructures,
            map.Bool("unified-platform") ?? d.UnifiedPlatform,
            Negotiation(map.Map("negotiation"), d.Negotiation),
            DirectiveBinding: map.Bool("directive-binding") ?? d.DirectiveBinding,
            HorizontalCoordination: map.Bool("horizontal-coordination") ?? d.HorizontalCoordination,
            PeerLearning: map.Bool("peer-learning") ?? d.PeerLearning,
            SanctionsCurbObstruction: map.Bool("sanctions-curb-obstruction") ?? d.SanctionsCurbObstruction,
            Arbitration: map.Bool("arbitration") ?? d.Arbitration,
            Responsiveness: map.Bool("responsiveness") ?? d.Responsiveness,
            Formalism: map.Bool("formalism") ?? d.Formalism,
            CrowdingOut: map.Bool("crowding-out") ?? d.CrowdingOut,
            CoordinationCost: map.Bool("coordination-cost") ?? d.CoordinationCost,
            FreeRiding: map.Bool("free-riding") ?? d.FreeRiding,
            SwitchingCost: map.Bool("switching-cost") ?? d.SwitchingCost,
            Rotation: map.Bool("rotation") ?? d.Rotation,
            Shocks: map.Bool("shocks") ?? d.Shocks);
    }

    public static Levers Levers(YamlMap? map)
    {
        var d = ScenarioDefaults.Levers;
        if (map is null) return d;
        map.AllowOnly(["national-chief", "accountability", "linkage", "outsourcing", "participation"]);
        return new Levers(
            map.Bool("national-chief") ?? d.NationalChief,
            map.Fraction("accountability") ?? d.Accountability,
            map.Fraction("linkage") ?? d.Linkage,
            map.Fraction("outsourcing") ?? d.Outsourcing,
            map.Fraction("participation") ?? d.Participation);
    }

    /// <summary>
    /// <c>cloud-chief-system: { chiefs, office, platform, start-tick }</c> over <paramref name="d"/>.
    /// The office builds the platform, so a platform without an office is refused.
    /// </summary>
    public static CloudChiefSystem CloudChiefSystem(YamlMap? map, CloudChiefSystem d, int ticks)
    {
        if (map is null) return d;
        map.AllowOnly(["chiefs", "office", "platform", "start-tick"]);
        var system = new CloudChiefSystem(
            map.Bool("chiefs") ?? d.Chiefs,
            map.Bool("office") ?? d.Office,
            map.Bool("platform") ?? d.Platform,
            TimelineParser.Tick(map, "start-tick", ticks) ?? d.StartTick);
        if (system.Platform && !system.Office)
        {
            var key = map.Has("platform") ? "platform" : "office";
            throw map.ValueError(key, "a unified platform needs an office to build it (set office: true, or platform: false)");
        }
        return system;
    }

    public static Preconditions Preconditions(YamlMap? map)
    {
        var d = ScenarioDefaults.Preconditions;
        if (map is null) return d;
        map.AllowOnly(["willingness", "social-maturity"]);
        return new Preconditions(
            map.Fraction("willingness") ?? d.Willingness,
            map.Fraction("social-maturity") ?? d.SocialMaturity);
    }

    private static AttentionSettings Attention(YamlMap? map, AttentionSettings d)
    {
        if (map is null) return d;
        map.AllowOnly(["decay", "decay-per-tick", "baseline", "initial", "meeting-boost", "directive-refresh", "accountability-boost"]);
        return new AttentionSettings(
            map.Bool("decay") ?? d.Decay,
            map.Fraction("decay-per-tick") ?? d.DecayPerTick,
            map.Fraction("baseline") ?? d.Baseline,
            map.Fraction("initial") ?? d.Initial,
            map.Fraction("meeting-boost") ?? d.MeetingBoost,
            map.Fraction("directive-refresh") ?? d.DirectiveRefresh,
            map.Fraction("accountability-boost") ?? d.AccountabilityBoost);
    }

    private static NegotiationSettings Negotiation(YamlMap? map, NegotiationSettings d)
    {
        if (map is null) return d;
        map.AllowOnly(["timeout-ticks", "max-rounds", "request-rate"]);
        return new NegotiationSettings(
            map.Int("timeout-ticks", 1) ?? d.TimeoutTicks,
            map.Int("max-rounds", 0) ?? d.MaxRounds,
            map.Fraction("request-rate") ?? d.RequestRate);
    }
}
