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
}
