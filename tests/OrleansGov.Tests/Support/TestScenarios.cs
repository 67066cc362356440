using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Support;

/// <summary>Small scenarios built in code, so engine and rule tests do not depend on the YAML loader.</summary>
public static class TestScenarios
{
    /// <summary>
    /// Two small provinces: one with cities (Guizhou-like chiefs, high-rank office), one with counties
    /// directly under it (Chongqing-like system chiefs, meetings, low-rank office upgraded at tick 10),
    /// every lever on, and a timeline that exercises every intervention kind.
    /// </summary>
    public static Scenario Small(ulong seed = 7, int ticks = 40, string mode = "collaborative")
    {
        var gz = ScenarioDefaults.Provinces["guizhou"] with { Name = "alpha", Cities = 2, Counties = 5, Enterprises = 4 };
        var cq = ScenarioDefaults.Provinces["chongqing"] with
        {
            Name = "beta", Counties = 3, Enterprises = 3,
            Office = new OfficeSpec(OfficeRank.Low, BreakInTicks: 6, UpgradeAtTick: 10),
        };
        return new Scenario(
            Name: "test-small",
            Description: "Two small provinces for tests",
            Seed: seed,
            Ticks: ticks,
            TicksPerYear: ScenarioDefaults.TicksPerYear,
            Mode: mode,
            Dials: ScenarioDefaults.Modes[mode],
            System: ScenarioDefaults.ModeSystems[mode],
            Departments: ScenarioDefaults.Departments[..4],
            Provinces: [gz, cq],
            Mechanisms: ScenarioDefaults.Mechanisms,
            Levers: new Levers(NationalChief: false, Accountability: 0.5, Linkage: 0.5, Outsourcing: 0.6, Participation: 0.6),
            Preconditions: ScenarioDefaults.Preconditions,
            Timeline:
            [
                new Intervention(12, InterventionKind.AttentionShift, Province: "alpha", Value: 0.2),
                new Intervention(15, InterventionKind.AppointNationalChief),
                new Intervention(20, InterventionKind.SetLever, Lever: "linkage", Value: 0.8),
                new Intervention(25, InterventionKind.SetDials, Vertical: 0.6, Horizontal: 0.9),
                new Intervention(30, InterventionKind.UpgradeOffice, Province: "beta"),
            ]);
    }

    /// <summary>
    /// Six small provinces — more than the nation's window of 4 provinces stepped at once
    /// (<c>GovernmentGrain.ProvinceWindow</c>), so the window slides — mixing city and city-less
    /// layouts and the three real structures, with a timeline that reaches single provinces.
    /// </summary>
    public static Scenario SixProvinces(ulong seed = 11, int ticks = 30)
    {
        var small = Small(seed, ticks);
        ProvinceSpec Shrunk(string preset, string name, int cities, int counties) =>
            ScenarioDefaults.Provinces[preset] with { Name = name, Cities = cities, Counties = counties, Enterprises = 2 };
        return small with
        {
            Name = "test-six",
            Description = "Six small provinces: the nation's province window slides",
            Provinces =
            [
                .. small.Provinces,
                Shrunk("guangxi", "gamma", 2, 3),
                Shrunk("chongqing", "delta", 0, 2),
                Shrunk("guizhou", "epsilon", 1, 2),
                ScenarioDefaults.SyntheticProvince("zeta") with { Cities = 1, Counties = 2, Enterprises = 1 },
            ],
            Timeline = [.. small.Timeline, new Intervention(18, InterventionKind.AttentionShift, Province: "zeta", Value: 0.3)],
        };
    }

    /// <summary>
    /// Six small provinces that exercise Model 2.0 across provinces: one without the Cloud Chief
    /// system, one whose system starts at tick 8, one with its own (cooperative) mode, one with chiefs
    /// but no platform; a national chief from tick 5 (national data exchange, cross-province
    /// arbitration), every lever on, short tenures (rotation happens), frequent crises, and two mode
    /// switches at tick 20 (reorganisations).
    /// </summary>
    public static Scenario Rich(ulong seed = 3, int ticks = 45)
    {
        ProvinceSpec Synthetic(string name, int cities, int counties) =>
            ScenarioDefaults.SyntheticProvince(name) with { Cities = cities, Counties = counties, Enterprises = 3 };
        var small = Small(seed, ticks);
        return small with
        {
            Name = "test-rich",
            Mode = "authority",
            Dials = ScenarioDefaults.Modes["authority"],
            System = CloudChiefSystem.Full,
            Provinces =
            [
                small.Provinces[0],
                small.Provinces[1],
                Synthetic("gamma", 1, 3) with { System = CloudChiefSystem.None, Mode = "loose", Dials = ScenarioDefaults.Modes["loose"] },
                Synthetic("delta", 2, 4) with { System = CloudChiefSystem.Full with { StartTick = 8 } },
                Synthetic("epsilon", 0, 3) with { Mode = "cooperative", Dials = ScenarioDefaults.Modes["cooperative"], System = CloudChiefSystem.None },
                Synthetic("zeta", 1, 2) with { System = new CloudChiefSystem(Chiefs: true, Office: true, Platform: false) },
            ],
            Levers = new Levers(NationalChief: false, Accountability: 0.5, Linkage: 0.3, Outsourcing: 0.6, Participation: 0.6),
            Constants = ConstantValues.Defaults
                .With(Constants.TenureYears, 0.3)
                .With(Constants.ShockRate, 0.05),
            Timeline =
            [
                new Intervention(5, InterventionKind.AppointNationalChief),
                new Intervention(12, InterventionKind.AttentionShift, Province: "alpha", Value: 0.2),
                new Intervention(20, InterventionKind.SetMode, Province: "alpha", Vertical: 0.85, Horizontal: 0.85, Mode: "collaborative", System: CloudChiefSystem.Full),
                new Intervention(20, InterventionKind.SetMode, Province: "beta", Vertical: 0.2, Horizontal: 0.85, Mode: "cooperative", System: CloudChiefSystem.None),
                new Intervention(30, InterventionKind.SetDials, Province: "gamma", Vertical: 0.5),
            ],
        };
    }
}
