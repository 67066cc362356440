using System.ComponentModel;
using OrleansGov.Client.Claims;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Hosting;
using OrleansGov.Client.Logging;
using OrleansGov.Client.Results;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>Options of <c>orleansgov claims</c>: the shared ones (<see cref="StudySettings"/>), the design overrides and the posterior.</summary>
public sealed class ClaimsSettings : StudySettings
{
    [CommandArgument(0, "<claims>")]
    [Description("A claims file (scenarios/experiments/claims.yaml; docs/CLAIMS.md).")]
    public string Claims { get; init; } = "";

    [CommandOption("--replicates <N>")]
    [Description("Replicates per arm at the defaults and ablated (overrides the file).")]
    public int? Replicates { get; init; }

    [CommandOption("--robustness-points <N>")]
    [Description("Latin hypercube points (overrides the file; 0 skips robustness).")]
    public int? RobustnessPoints { get; init; }

    [CommandOption("--robustness-replicates <N>")]
    [Description("Replicates per arm at each robustness point (overrides the file).")]
    public int? RobustnessReplicates { get; init; }

    [CommandOption("--posterior <DIR>")]
    [Description("A calibration folder: re-run every claim at draws from its posterior and report the probability it holds (docs/CALIBRATION.md).")]
    public string? Posterior { get; init; }

    [CommandOption("--draws <K>")]
    [Description("With --posterior: draws from the posterior (each runs every claim's arms with --replicates, default the file's robustness replicates).")]
    [DefaultValue(20)]
    public int Draws { get; init; } = 20;

    [CommandOption("--sensitivity <DIR>")]
    [Description("With --posterior: a Sobol sensitivity folder (indices.csv) naming the parameters that decide each claim.")]
    public string? Sensitivity { get; init; }

    protected override ValidationResult? CheckOwn()
    {
        if (string.IsNullOrWhiteSpace(Claims))
        {
            return ValidationResult.Error("a claims file is required");
        }
        if (Replicates is < 2)
        {
            return ValidationResult.Error($"--replicates must be at least 2 (a confidence interval needs two), not {Replicates}");
        }
        if (RobustnessPoints is < 0)
        {
            return ValidationResult.Error($"--robustness-points must not be negative, not {RobustnessPoints}");
        }
        if (RobustnessReplicates is < 1)
        {
            return ValidationResult.Error($"--robustness-replicates must be at least 1, not {RobustnessReplicates}");
        }
        if (Draws < 1)
        {
            return ValidationResult.Error($"--draws must be at least 1, not {Draws}");
        }
        return Posterior is null && Sensitivity is not null ? ValidationResult.Error("--sensitivity needs --posterior") : null;
    }
}

/// <summary>
/// <c>orleansgov claims</c>: runs every claim's arms, its ablation and its robustness sample through
/// the batch runner (one results folder per run, resumable), then writes <c>claims.csv</c>,
/// <c>claims.md</c> and plots (docs/CLAIMS.md).
/// </summary>
public sealed class ClaimsCommand(CliContext cli) : AsyncCommand<ClaimsSettings>
{
    public const string PlanFile = "claims-plan.json";

    public override async Task<int> ExecuteAsync(CommandContext context, ClaimsSettings settings, CancellationToken cancellationToken)
    {
        ClaimsFile file;
        ClaimsPlan plan;
        try
        {
            file = ClaimsParser.Load(settings.Claims);
            file = file with
            {
                Replicates = settings.Replicates ?? file.Replicates,
                Robustness = file.Robustness with
                {
                    Points = settings.RobustnessPoints ?? file.Robustness.Points,
                    Replicates = settings.RobustnessReplicates ?? file.Robustness.Replicates,
                },
            };
            if (settings.Posterior is not null)
            {
                return await Calibration.PosteriorClaimsRun.RunAsync(cli, context, settings, file, cancellationToken);
            }
            if (file.Robustness.Points > 0 && file.Robustness.Ranges.Count == 0)
            {
                throw new ExperimentException(settings.Claims, null, null, "robustness", "robustness points are asked for but the file gives no ranges");
            }
            plan = new ClaimsPlan(file);
        }
        catch (ExperimentException ex)
        {
            cli.Error.WriteLine("error: " + ex.Message);
            return ExitCodes.BadInput;
        }
        catch (ParameterException ex)
        {
            cli.Error.WriteLine($"error: {settings.Claims}: robustness: {ex.Message}");
            return ExitCodes.BadInput;
        }

        foreach (var note in file.Notes)
        {
            cli.Error.WriteLine($"note: {settings.Claims}: {note}");
        }
        if (!SizeCheck.Admit(cli, plan.Experiment.ArmScenarios.Values, settings.Engine, settings.Cluster, settings.MaxAgents, settings.Parallel ?? 1))
        {
            return ExitCodes.BadInput;
        }
        var folder = new BatchFolder(settings.Out ?? Path.Combine("results", file.Name));
        using var folderLock = StudyFolder.Open(cli, folder.Path, PlanFile, plan.ToUtf8(), settings.Resume, "claims run",
            string.Join(' ', ["orleansgov", .. context.Arguments]), out string? problem);
        if (folderLock is null)
        {
            cli.Error.WriteLine("error: " + problem);
            return ExitCodes.BadInput;
        }
        Directory.CreateDirectory(folder.File(BatchFolder.RunsDir));
        File.Copy(settings.Claims, folder.File("claims.yaml"), overwrite: true);

        var runs = plan.Runs().ToList();
        var pending = runs.Where(r => !folder.IsCompleted(r)).ToList();
        if (!settings.Quiet)
        {
            cli.Line($"claims {file.Name}: {file.Claims.Count} claims, {plan.Configs.Count} distinct configurations, {runs.Count} runs"
                + (pending.Count < runs.Count ? $", {runs.Count - pending.Count} already completed" : "") + $"; results in {folder.Path}");
        }

        using var log = new RunLog(cli.Error);
        log.AttachFile(folder.File("claims.log"));
        if (pending.Count > 0)
        {
            var (ran, code) = await BatchRunner.RunPendingAsync(cli, settings.ToBatchOptions(), folder, plan.Experiment, pending, log, ["orleansgov", .. context.Arguments], cancellationToken);
            if (ran is null || code != ExitCodes.Ok)
            {
                return code;
            }
            if (ran.Cancelled)
            {
                int done = runs.Count(folder.IsCompleted);
                cli.Error.WriteLine($"cancelled: {done} of {runs.Count} runs completed; `orleansgov claims {settings.Claims} --out {folder.Path} --resume` does the rest");
                return ExitCodes.Cancelled;
            }
        }

        var (results, missing) = ClaimsAnalysis.Analyse(folder, plan);
        ClaimsReport.Write(folder, plan, results, missing, ["orleansgov", .. context.Arguments]);
        if (missing.Count > 0)
        {
            cli.Error.WriteLine($"error: {missing.Count} of {runs.Count} runs did not complete (left out of the statistics): {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? ", …" : "")}");
            return ExitCodes.Failed;
        }
        if (!settings.Quiet)
        {
            foreach (var r in results)
            {
                cli.Line($"{r.Claim.Id}: {ClaimsReport.Name(r.Verdict)}"
                    + (r.MechanismVerdict is null ? "" : $"; mechanism {string.Join(", ", r.Claim.Mechanisms)} {r.MechanismVerdict}")
                    + (r.Robustness is null ? "" : $"; holds at {r.Robustness.ShareHolds:P0} of {r.Robustness.Points} points{(r.Robustness.Fragile ? " (fragile)" : "")}"));
            }
        }
        cli.Line($"completed: {runs.Count} runs; verdicts in {Path.Combine(folder.Path, ClaimsReport.Markdown)}");
        return ExitCodes.Ok;
    }
}
