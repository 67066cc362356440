using System.ComponentModel;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Hosting;
using OrleansGov.Client.Logging;
using OrleansGov.Client.Results;
using OrleansGov.Client.Sensitivity;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>Options of <c>orleansgov sensitivity</c>.</summary>
public sealed class SensitivitySettings : CommandSettings
{
    [CommandArgument(0, "<file>")]
    [Description("A sensitivity file (see scenarios/experiments/sensitivity-*.yaml and docs/SENSITIVITY.md).")]
    public string File { get; init; } = "";

    [CommandOption("--out <DIR>")]
    [Description("The results folder. Default results/<name>.")]
    public string? Out { get; init; }

    [CommandOption("--parallel <N>")]
    [Description("Runs at a time (≥ 1), all on the same engine.")]
    [DefaultValue(1)]
    public int Parallel { get; init; } = 1;

    [CommandOption("--resume")]
    [Description("Continue an interrupted analysis in --out: run only the runs whose folder does not say completed.")]
    public bool Resume { get; init; }

    [CommandOption("--engine <ENGINE>")]
    [Description("orleans (agents as grains; an embedded silo unless --cluster) or reference (plain in-process loop).")]
    [DefaultValue("orleans")]
    public string Engine { get; init; } = "orleans";

    [CommandOption("--cluster <HOST:PORT>")]
    [Description("Connect to the gateway of an external silo instead of hosting one.")]
    public string? Cluster { get; init; }

    [CommandOption("--max-agents <N>")]
    [Description(SizeCheck.MaxAgentsDescription)]
    public long? MaxAgents { get; init; }

    [CommandOption("-q|--quiet")]
    [Description("No progress display; print only the design, the folder and the outcome.")]
    public bool Quiet { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(File))
        {
            return ValidationResult.Error("a sensitivity file is required");
        }
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
        return Out is not null && string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out must name a folder") : ValidationResult.Success();
    }
}

/// <summary>
/// <c>orleansgov sensitivity</c>: reads and checks the whole file (every sample point applied; bad input
/// starts nothing and writes nothing), prints the design (N or r, the number of runs), runs every point ×
/// configuration × replicate not yet completed through the batch runner, then writes indices.csv,
/// outputs.csv, report.md and plots (docs/SENSITIVITY.md).
/// </summary>
public sealed class SensitivityCommand(CliContext cli) : AsyncCommand<SensitivitySettings>
{
    public const string SourceCopy = "sensitivity.yaml";

    public override async Task<int> ExecuteAsync(CommandContext context, SensitivitySettings settings, CancellationToken cancellationToken)
    {
        SensitivityDesign design;
        try
        {
            design = SensitivityParser.Load(settings.File);
        }
        catch (ExperimentException ex)
        {
            cli.Error.WriteLine("error: " + ex.Message);
            return ExitCodes.BadInput;
        }
        foreach (var note in design.Notes)
        {
            cli.Error.WriteLine($"note: {settings.File}: {note}");
        }
        var plan = design.Plan;
        var experiment = plan.ToExperiment(design.Base);
        // The design first, before any check that could take time or anything runs.
        cli.Line(SensitivityReport.DesignLine(plan));
        if (!SizeCheck.Admit(cli, experiment.ArmScenarios.Values, settings.Engine, settings.Cluster, settings.MaxAgents, settings.Parallel))
        {
            return ExitCodes.BadInput;
        }
        var folder = new BatchFolder(settings.Out ?? Path.Combine("results", plan.Name));
        if (OutputPath.Problem("--out", folder.Path) is { } outProblem)
        {
            cli.Error.WriteLine("error: " + outProblem);
            return ExitCodes.BadInput;
        }
        byte[] planBytes = plan.ToUtf8();
        string planPath = folder.File(SensitivityPlan.FileName);
        if (Directory.Exists(folder.Path) && Directory.EnumerateFileSystemEntries(folder.Path).Any())
        {
            if (!settings.Resume)
            {
                cli.Error.WriteLine($"error: {folder.Path} already exists; add --resume to continue that analysis, or choose another --out");
                return ExitCodes.BadInput;
            }
            if (!System.IO.File.Exists(planPath) || !System.IO.File.ReadAllBytes(planPath).AsSpan().SequenceEqual(planBytes))
            {
                cli.Error.WriteLine($"error: {folder.Path} holds a different analysis (its {SensitivityPlan.FileName} differs from {settings.File}); --resume needs the same file and base scenario");
                return ExitCodes.BadInput;
            }
        }
        using var folderLock = FolderLock.TryAcquire(folder.Path, string.Join(' ', ["orleansgov", .. context.Arguments]), out string? busy);
        if (folderLock is null)
        {
            cli.Error.WriteLine("error: " + busy);
            return ExitCodes.BadInput;
        }
        if (folderLock.TakenOver is { } takenOver)
        {
            cli.Error.WriteLine("note: " + takenOver);
        }
        Directory.CreateDirectory(folder.File(BatchFolder.RunsDir));
        AtomicFile.WriteBytes(planPath, planBytes);
        System.IO.File.Copy(settings.File, folder.File(SourceCopy), overwrite: true);

        var pending = experiment.Plan.Runs().Where(r => !folder.IsCompleted(r)).ToList();
        if (!settings.Quiet)
        {
            cli.Line($"{plan.RunCount} runs" + (pending.Count < plan.RunCount ? $", {plan.RunCount - pending.Count} already completed" : "") + $"; results in {folder.Path}");
        }
        using var log = new RunLog(cli.Error);
        log.AttachFile(folder.File(BatchFolder.LogFile));
        if (pending.Count > 0)
        {
            var (session, exitCode) = await EngineSession.StartForCommandAsync(
                settings.Engine, settings.Cluster, log.Logger, cli.Error, "cancelled before any run started", cancellationToken);
            if (session is null)
            {
                return exitCode;
            }
            BatchRunOutcome ran;
            await using (session)
            {
                var engine = cli.WrapEngine?.Invoke(session.Engine) ?? session.Engine;
                if (!settings.Quiet)
                {
                    cli.Line($"{ReportMarkdown.Plural(pending.Count, "run")} to do, {settings.Parallel} at a time, {engine.Name} engine ({session.Where})");
                }
                var runner = new BatchRunner(cli, folder, experiment, engine, session.Where, log, ["orleansgov", .. context.Arguments]);
                ran = await runner.RunAsync(pending, settings.Parallel, settings.Quiet, cancellationToken);
            }
            if (ran.Cancelled)
            {
                int done = experiment.Plan.Runs().Count(folder.IsCompleted);
                cli.Error.WriteLine($"cancelled: {done} of {plan.RunCount} runs completed; `orleansgov sensitivity {settings.File} --out {folder.Path} --resume` does the rest");
                return ExitCodes.Cancelled;
            }
        }
        return Finish(cli, folder, plan);
    }

    /// <summary>Writes the results from the folder and reports the outcome (exit 1 when runs did not complete). Shared with <c>report</c>.</summary>
    internal static int Finish(CliContext cli, BatchFolder folder, SensitivityPlan plan)
    {
        var result = SensitivityReport.Generate(folder, plan);
        string report = Path.Combine(folder.Path, SensitivityReport.ReportMd);
        if (result.Missing.Count == 0)
        {
            cli.Line($"completed: {ReportMarkdown.Plural((int)plan.RunCount, "run")}; indices in {Path.Combine(folder.Path, SensitivityReport.IndicesCsv)}, report in {report}");
            return ExitCodes.Ok;
        }
        cli.Error.WriteLine($"error: {result.Missing.Count} of {plan.RunCount} runs did not complete; the outputs they feed are undefined (empty in indices.csv): {string.Join(", ", result.Missing.Take(10))}{(result.Missing.Count > 10 ? ", …" : "")}");
        cli.Error.WriteLine($"report in {report}; --resume re-runs the others");
        return ExitCodes.Failed;
    }
}
