using System.ComponentModel;
using OrleansGov.Client.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>Options of <c>orleansgov run</c>.</summary>
public sealed class RunSettings : CommandSettings
{
    [CommandArgument(0, "<scenario>")]
    [Description("A scenario YAML file, or a preset name (see `orleansgov presets`).")]
    public string Scenario { get; init; } = "";

    [CommandOption("--seed <N>")]
    [Description("Override the scenario's seed (a whole number from 0 to 18446744073709551615, as in a scenario file).")]
    public ulong? Seed { get; init; }

    [CommandOption("--ticks <N>")]
    [Description("Override the number of ticks to simulate (> 0; one tick is one week by default). Timeline events at or after the new end are dropped.")]
    public int? Ticks { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Folder under which the run's results folder is created.")]
    [DefaultValue("results")]
    public string Out { get; init; } = "results";

    [CommandOption("--engine <ENGINE>")]
    [Description("orleans (agents as grains; an embedded silo unless --cluster) or reference (plain in-process loop).")]
    [DefaultValue("orleans")]
    public string Engine { get; init; } = "orleans";

    [CommandOption("--cluster <HOST:PORT>")]
    [Description("Connect to the gateway of an external silo (e.g. `dotnet run --project Silo`) instead of hosting one.")]
    public string? Cluster { get; init; }

    [CommandOption("--run-id <ID>")]
    [Description("Name of the results folder; default <scenario>-s<seed>-<UTC yyyyMMdd-HHmmss>. Must not exist yet.")]
    public string? RunId { get; init; }

    [CommandOption("--max-agents <N>")]
    [Description(SizeCheck.MaxAgentsDescription)]
    public long? MaxAgents { get; init; }

    [CommandOption("-q|--quiet")]
    [Description("No progress display; print only the results folder.")]
    public bool Quiet { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Scenario))
        {
            return ValidationResult.Error("a scenario file or preset name is required");
        }
        if (Ticks is <= 0)
        {
            return ValidationResult.Error($"--ticks must be a positive integer, not {Ticks}");
        }
        if (MaxAgents is < 1)
        {
            return ValidationResult.Error($"--max-agents must be at least 1, not {MaxAgents}");
        }
        if (EngineOptions.Check(Engine, Cluster) is { } engineProblem)
        {
            return engineProblem;
        }
        if (string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error("--out must name a folder");
        }
        if (RunId is not null && !IsSafeFolderName(RunId))
        {
            return ValidationResult.Error($"--run-id '{RunId}' must be a plain folder name (letters, digits, '-', '_', '.'; no path separators)");
        }
        return ValidationResult.Success();
    }

    private static bool IsSafeFolderName(string name) =>
        name.Length is > 0 and <= 200 && name is not ("." or "..")
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
