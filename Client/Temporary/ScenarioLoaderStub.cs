// TEMPORARY: stands in for the scenario loader being built on another branch (Grains/Scenarios/).
// Delete this file when `git merge main` brings in OrleansGov.Scenarios.ScenarioLoader.
namespace OrleansGov.Scenarios;

public sealed record ScenarioPreset(string Name, string Description);

public sealed class ScenarioException(string message) : Exception(message);

public static class ScenarioLoader
{
    public static IReadOnlyList<ScenarioPreset> Presets() =>
    [
        new("three-provinces", "Guizhou, Chongqing and Guangxi under their cloud-chief structures (stub)"),
        new("small", "Two tiny provinces for smoke tests (stub)"),
    ];

    public static Scenario Load(string fileOrPreset)
    {
        if (File.Exists(fileOrPreset))
        {
            throw new ScenarioException($"{fileOrPreset}:1:1: (stub) YAML files load once the scenario loader lands");
        }
        return fileOrPreset switch
        {
            "small" => Build("small", [
                ScenarioDefaults.Provinces["guizhou"] with { Name = "alpha", Cities = 2, Counties = 4, Enterprises = 4 },
                ScenarioDefaults.Provinces["chongqing"] with { Name = "beta", Counties = 3, Enterprises = 3 },
            ], 52),
            "three-provinces" => Build("three-provinces", [.. ScenarioDefaults.Provinces.Values], ScenarioDefaults.Ticks),
            _ => throw new ScenarioException($"{fileOrPreset}: not a file and not a preset (presets: three-provinces, small)"),
        };
    }

    private static Scenario Build(string name, ProvinceSpec[] provinces, int ticks) => new(
        name, name, ScenarioDefaults.Seed, ticks, ScenarioDefaults.TicksPerYear, ScenarioDefaults.DefaultMode,
        ScenarioDefaults.Modes[ScenarioDefaults.DefaultMode], ScenarioDefaults.Departments, provinces,
        ScenarioDefaults.Mechanisms, ScenarioDefaults.Levers, ScenarioDefaults.Preconditions,
        [new Intervention(10, InterventionKind.AppointNationalChief)]);
}
