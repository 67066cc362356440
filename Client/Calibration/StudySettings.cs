using System.ComponentModel;
using OrleansGov.Client.Commands;
using OrleansGov.Client.Hosting;
using OrleansGov.Client.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Calibration;

/// <summary>The options every verb of this folder shares with <c>batch</c> and <c>claims</c>: where, how many at a time, which engine.</summary>
public abstract class StudySettings : CommandSettings
{
    [CommandOption("--out <DIR>")]
    [Description("The results folder (default results/<name>).")]
    public string? Out { get; init; }

    [CommandOption("--parallel <N>")]
    [Description("Runs at a time (≥ 1), all on the same engine.")]
    [DefaultValue(1)]
    public int Parallel { get; init; } = 1;

    [CommandOption("--resume")]
    [Description("Continue an interrupted invocation in --out: completed runs are kept, the rest are run; the results are those of an uninterrupted run.")]
    public bool Resume { get; init; }

    [CommandOption("--engine <ENGINE>")]
    [Description("reference (default; plain in-process loop) or orleans (agents as grains; identical results).")]
    [DefaultValue("reference")]
    public string Engine { get; init; } = "reference";

    [CommandOption("--cluster <HOST:PORT>")]
    [Description("Connect to the gateway of an external silo (needs --engine orleans).")]
    public string? Cluster { get; init; }

    [CommandOption("--max-agents <N>")]
    [Description(SizeCheck.MaxAgentsDescription)]
    public long? MaxAgents { get; init; }

    [CommandOption("-q|--quiet")]
    [Description("No progress display.")]
    public bool Quiet { get; init; }

    /// <summary>The checks of the shared options; null when they are fine.</summary>
    protected ValidationResult? CheckCommon()
    {
        if (Parallel < 1)
        {
            return ValidationResult.Error($"--parallel must be at least 1, not {Parallel}");
        }
        if (MaxAgents is < 1)
        {
            return ValidationResult.Error($"--max-agents must be at least 1, not {MaxAgents}");
        }
        if (EngineOptions.Check(Engine, Cluster) is { } engineProblem)
        {
            return engineProblem;
        }
        return Out is not null && string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out must name a folder") : null;
    }

    /// <summary>Starts the engine, runs <paramref name="body"/> with it and stops it; the exit code of the body, or of a failed start.</summary>
    public async Task<int> WithEngineAsync(CliContext cli, RunLog log, IReadOnlyList<string> commandLine,
        Func<SimulationRuns, Task<int>> body, CancellationToken cancellationToken)
    {
        var (session, exitCode) = await EngineSession.StartForCommandAsync(
            Engine, Cluster, log.Logger, cli.Error, "cancelled before any run started", cancellationToken);
        if (session is null)
        {
            return exitCode;
        }
        await using (session)
        {
            var engine = cli.WrapEngine?.Invoke(session.Engine) ?? session.Engine;
            return await body(new SimulationRuns(cli, engine, session.Where, log, commandLine, Parallel));
        }
    }
}
