using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using OrleansGov.Client.Calibration;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Logging;
using OrleansGov.Client.Patterns;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>Options of <c>orleansgov calibrate</c>.</summary>
public sealed class CalibrateSettings : StudySettings
{
    [CommandArgument(0, "<calibration>")]
    [Description("A calibration file: scenario, patterns, priors, ABC design (scenarios/experiments/calibration-*.yaml; docs/CALIBRATION.md).")]
    public string Calibration { get; init; } = "";

    protected override ValidationResult? CheckOwn() =>
        string.IsNullOrWhiteSpace(Calibration) ? ValidationResult.Error("a calibration file is required") : null;
}

/// <summary>
/// <c>orleansgov calibrate</c>: approximate Bayesian computation (rejection or ABC-SMC) of the file's
/// uncertain parameters against its patterns; writes the posterior sample, acceptance per generation,
/// plots and posterior predictive checks (docs/CALIBRATION.md). Resumable: every simulation is a results
/// folder, and the sampler's draws depend only on the seed, so a resumed calibration ends identical.
/// </summary>
public sealed class CalibrateCommand(CliContext cli) : AsyncCommand<CalibrateSettings>
{
    public const string PlanFile = "calibration-plan.json";

    public override async Task<int> ExecuteAsync(CommandContext context, CalibrateSettings settings, CancellationToken cancellationToken)
    {
        CalibrationFile file;
        try
        {
            file = CalibrationParser.Load(settings.Calibration);
        }
        catch (ExperimentException ex)
        {
            cli.Error.WriteLine("error: " + ex.Message);
            return ExitCodes.BadInput;
        }
        if (!SizeCheck.Admit(cli, [file.Scenario], settings.Engine, settings.Cluster, settings.MaxAgents, settings.Parallel ?? 1))
        {
            return ExitCodes.BadInput;
        }
        string root = settings.Out ?? Path.Combine("results", file.Name);
        byte[] planBytes = JsonSerializer.SerializeToUtf8Bytes(new
        {
            name = file.Name,
            calibration_sha256 = PatternsCommand.Sha(File.ReadAllBytes(settings.Calibration)),
            scenario_sha256 = PatternsCommand.Sha(JsonSerializer.SerializeToUtf8Bytes(file.Scenario, Results.Manifest.Json)),
            patterns_sha256 = PatternsCommand.Sha(File.ReadAllBytes(file.PatternsPath)),
            abc = file.Abc,
            priors = file.Priors,
            predictive = file.Predictive,
        }, BatchPlan.Json);
        string[] command = ["orleansgov", .. context.Arguments];
        using var folderLock = StudyFolder.Open(cli, root, PlanFile, planBytes, settings.Resume, "calibration", string.Join(' ', command), out string? problem);
        if (folderLock is null)
        {
            cli.Error.WriteLine("error: " + problem);
            return ExitCodes.BadInput;
        }
        File.Copy(settings.Calibration, Path.Combine(root, "calibration.yaml"), overwrite: true);
        File.Copy(file.PatternsPath, Path.Combine(root, "patterns.yaml"), overwrite: true);
        using var log = new RunLog(cli.Error);
        log.AttachFile(Path.Combine(root, "calibration.log"));
        if (!settings.Quiet)
        {
            cli.Line($"calibrate {file.Name}: {file.Abc.Method}, {file.Priors.Count} parameters, {file.Patterns.Patterns.Count} patterns, N = {file.Abc.Particles}, "
                + $"{file.Abc.Replicates} replicate(s) per proposal, at most {file.Abc.MaxRuns} runs; results in {root}");
        }
        return await SimulationRuns.WithSessionAsync(cli, settings.ToBatchOptions(), log, command,
            sim => CalibrateAsync(file, settings, sim, root, command, cancellationToken), cancellationToken);
    }

    private async Task<int> CalibrateAsync(CalibrationFile file, CalibrateSettings settings, SimulationRuns sim, string root, string[] command, CancellationToken cancellationToken)
    {
        var sampler = new AbcSampler(file.Priors, file.Abc, new ModelSimulator(file, sim, root))
        {
            OnGeneration = g =>
            {
                CalibrationReport.WriteGeneration(root, file, g);
                if (!settings.Quiet)
                {
                    cli.Line(string.Create(CultureInfo.InvariantCulture, $"generation {g.Index}: ε = {(double.IsPositiveInfinity(g.Epsilon) ? "∞ (prior sample)" : g.Epsilon.ToString("0.###", CultureInfo.InvariantCulture))}, {g.Population.Count} accepted of {g.Simulated.Count} ({g.AcceptanceRate:P1}), ESS {g.EffectiveSampleSize:0.#}"));
                }
                return Task.CompletedTask;
            },
            OnBatch = (g, accepted, proposed, runs) =>
            {
                if (!settings.Quiet)
                {
                    cli.Line($"  generation {g}: {accepted}/{file.Abc.Particles} accepted of {proposed} proposed; {runs} runs so far");
                }
            },
        };
        var result = await sampler.RunAsync(cancellationToken);
        if (result.Cancelled && sim.StopCode == ExitCodes.ClusterUnavailable)
        {
            return sim.StopCode; // reported; the generations done are kept, --resume goes on
        }
        if (result.Cancelled)
        {
            cli.Error.WriteLine($"cancelled; `orleansgov calibrate {settings.Calibration} --out {root} --resume` goes on where it stopped, with the same result");
            return ExitCodes.Cancelled;
        }
        if (result.Posterior is null)
        {
            CalibrationReport.WriteMarkdown(root, file, result, null, null, 0, command);
            cli.Error.WriteLine($"error: no posterior: {result.StopReason}; raise max-runs or the tolerance");
            return ExitCodes.Failed;
        }
        var posterior = CalibrationReport.WriteResult(root, file, result);
        IReadOnlyList<PatternResult>? predictive = null;
        int predictiveRuns = 0;
        if (file.Predictive > 0)
        {
            var folder = new BatchFolder(Path.Combine(root, CalibrationReport.PredictiveDir));
            var draws = posterior.Draw(file.Predictive, file.Abc.Seed);
            var runs = draws.Select((theta, k) => new SimRun($"d{k + 1:D3}", file.At(theta), ModelSimulator.SeedOf(file.Abc.Seed, 9999, k, 1))).ToList();
            if (!await sim.RunAsync(folder, file.Name + "-predictive", runs, settings.Quiet, cancellationToken))
            {
                if (sim.StopCode == ExitCodes.ClusterUnavailable)
                {
                    return sim.StopCode;
                }
                cli.Error.WriteLine($"cancelled; `orleansgov calibrate {settings.Calibration} --out {root} --resume` goes on where it stopped");
                return ExitCodes.Cancelled;
            }
            var reduced = runs.Select(r => SimulationRuns.Reduce(folder, r.Name, file.Patterns.Measures) is { } v ? new PatternReplicate(r.Name, r.Seed, v) : null)
                .OfType<PatternReplicate>().ToList();
            // The predictive runs are a pattern check at posterior draws: the same table, report and plot as `patterns`.
            predictive = PatternsOutputs.Write(folder.Path, file.Patterns, file.Name + " posterior", reduced, command, "posterior draw");
            predictiveRuns = reduced.Count;
        }
        CalibrationReport.WriteMarkdown(root, file, result, posterior, predictive, predictiveRuns, command);
        cli.Line($"completed: {result.StopReason}; {result.Runs} runs; posterior of {posterior.Particles.Count} particles in {Path.Combine(root, Posterior.FileName)}; report in {Path.Combine(root, CalibrationReport.ReportMd)}");
        return ExitCodes.Ok;
    }
}
