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
}
