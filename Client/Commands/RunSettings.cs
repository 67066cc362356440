using System.ComponentModel;
using OrleansGov.Client.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>Options of <c>orleansgov run</c>.</summary>
public sealed class RunSettings : CommandSettings
{
    [CommandArgument(0, "[scenario]")]
    [Description("A scenario YAML file, or a preset name (see `orleansgov presets`). With --from: optional, the source run's scenario by default.")]
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

    [CommandOption("--checkpoint-every <K>")]
    [Description("Checkpoint the run at the tick barrier every K ticks (0: never). Default: " + DefaultCheckpointEveryText + ".")]
    public int? CheckpointEvery { get; init; }

    [CommandOption("--export-checkpoints")]
    [Description("Also write every checkpoint to <run folder>/checkpoints/tick-T.ogck (what `run --from` starts from).")]
    public bool ExportCheckpoints { get; init; }

    [CommandOption("--from <RUN-FOLDER>")]
    [Description("Fork: start from a checkpoint that run exported (with --at-tick); the same past, other interventions after it.")]
    public string? From { get; init; }

    [CommandOption("--at-tick <T>")]
    [Description("With --from: the tick of the checkpoint to start from.")]
    public int? AtTick { get; init; }

    [CommandOption("--timeline <FILE>")]
    [Description("With --from: a YAML file `timeline: [[...]]` whose events replace the source's from --at-tick on.")]
    public string? Timeline { get; init; }

    [CommandOption("--max-agents <N>")]
    [Description(SizeCheck.MaxAgentsDescription)]
    public long? MaxAgents { get; init; }

    [CommandOption("--set <PATH=VALUE>")]
    [Description(SetOptions.Description)]
    public string[] Set { get; init; } = [];

    [CommandOption("-q|--quiet")]
    [Description("No progress display; print only the results folder's path on stdout (whatever the outcome; messages go to stderr).")]
    public bool Quiet { get; init; }

    [CommandOption("--json")]
    [Description("No progress display; when the run ends print one JSON object on stdout: run_id, folder, status, exit_code, error, scenario, seed, engine, ticks_requested, ticks_completed.")]
    public bool Json { get; init; }

    /// <summary>
    /// The default of --checkpoint-every: never for the embedded silo (one process: a lost silo is a lost
    /// run anyway, and it keeps the default run as fast as before); every 52 ticks on a cluster, where
    /// it costs ~2 % (docs/PERFORMANCE.md, round 6).
    /// </summary>
    public const int ClusterCheckpointEvery = 52;

    private const string DefaultCheckpointEveryText = "52 with --cluster, else 0";

    /// <summary>--checkpoint-every as given, or its default for where the run goes.</summary>
    public int EffectiveCheckpointEvery => CheckpointEvery ?? (Cluster is null ? 0 : ClusterCheckpointEvery);

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Scenario) && From is null)
        {
            return ValidationResult.Error("a scenario file or preset name is required (or --from RUN-FOLDER --at-tick T)");
        }
        if (CheckpointEvery is < 0)
        {
            return ValidationResult.Error($"--checkpoint-every must be 0 (never) or a positive number of ticks, not {CheckpointEvery}");
        }
        if ((From is null) != (AtTick is null))
        {
            return ValidationResult.Error("--from and --at-tick go together: --from RUN-FOLDER --at-tick T");
        }
        if (AtTick is <= 0)
        {
            return ValidationResult.Error($"--at-tick must be a positive tick, not {AtTick}");
        }
        if (Timeline is not null && From is null)
        {
            return ValidationResult.Error("--timeline needs --from (a scenario's own timeline is in its file)");
        }
        if (From is not null && Seed is not null)
        {
            return ValidationResult.Error("--seed cannot be used with --from: a fork keeps its source's seed (its past is fixed)");
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
