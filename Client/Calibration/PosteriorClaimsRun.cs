using System.Globalization;
using System.Text;
using System.Text.Json;
using OrleansGov.Client.Claims;
using OrleansGov.Client.Commands;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Logging;
using OrleansGov.Client.Results;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Calibration;

/// <summary><c>orleansgov claims FILE --posterior DIR</c>: the claims' probabilities over a calibration's posterior (docs/CALIBRATION.md, "Claims as probabilities").</summary>
internal static class PosteriorClaimsRun
{
    public const string PlanFile = "posterior-claims-plan.json", Csv = "posterior.csv", DrawsCsv = "posterior-draws.csv", Markdown = "posterior.md", Plot = "posterior.png";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(CliContext cli, CommandContext context, ClaimsSettings settings, ClaimsFile file, CancellationToken cancellationToken)
    {
        Posterior posterior;
        SobolIndicesFile? sobol = null;
        PosteriorClaimsPlan plan;
        int replicates = settings.Replicates ?? file.Robustness.Replicates;
        try
        {
            posterior = Posterior.Read(settings.Posterior!);
            if (settings.Sensitivity is { } dir)
            {
                sobol = SobolIndicesFile.Read(dir);
            }
            var draws = posterior.Draw(settings.Draws, file.Seed);
            plan = new PosteriorClaimsPlan(file, posterior, draws, replicates);
        }
        catch (ExperimentException ex)
        {
            cli.Error.WriteLine("error: " + ex.Message);
            return ExitCodes.BadInput;
        }
        catch (ParameterException ex)
        {
            cli.Error.WriteLine($"error: {Path.Combine(settings.Posterior!, Posterior.FileName)}: a posterior parameter does not fit {settings.Claims}: {ex.Message}");
            return ExitCodes.BadInput;
        }
        if (!SizeCheck.Admit(cli, plan.Runs.Select(r => r.Scenario).Take(1), settings.Engine, settings.Cluster, settings.MaxAgents, settings.Parallel ?? 1))
        {
            return ExitCodes.BadInput;
        }
        string root = settings.Out ?? Path.Combine("results", file.Name + "-posterior");
        byte[] planBytes = JsonSerializer.SerializeToUtf8Bytes(new
        {
            claims = file.Name,
            posterior_sha256 = PatternsCommand.Sha(File.ReadAllBytes(Path.Combine(settings.Posterior!, Posterior.FileName))),
            draws = settings.Draws,
            replicates,
            seeds = plan.Seeds,
            runs = plan.Runs.Select(r => r.Name),
        }, BatchPlan.Json);
        string[] command = ["orleansgov", .. context.Arguments];
        using var folderLock = StudyFolder.Open(cli, root, PlanFile, planBytes, settings.Resume, "posterior claims run", string.Join(' ', command), out string? problem);
        if (folderLock is null)
        {
            cli.Error.WriteLine("error: " + problem);
            return ExitCodes.BadInput;
        }
        var folder = new BatchFolder(root);
        using var log = new RunLog(cli.Error);
        log.AttachFile(folder.File("claims.log"));
        if (!settings.Quiet)
        {
            cli.Line($"claims {file.Name} over the posterior of {settings.Posterior}: {settings.Draws} draws × {file.Claims.Count} claims, {replicates} replicates per arm, {plan.Runs.Count} runs; results in {root}");
        }
        int code = await SimulationRuns.WithSessionAsync(cli, settings.ToBatchOptions(), log, command, async sim =>
            await sim.RunAsync(folder, file.Name + "-posterior", plan.Runs, settings.Quiet, cancellationToken) ? ExitCodes.Ok : sim.StopCode, cancellationToken);
        if (code != ExitCodes.Ok)
        {
            if (code == ExitCodes.Cancelled)
            {
                cli.Error.WriteLine($"cancelled; add --resume to the same command to do the rest");
            }
            return code;
        }
        var results = plan.Evaluate(folder, c => sobol is null ? "no Sobol analysis given"
            : sobol.Deciders(c.Id, [.. Sensitivity.SensitivityParser.OutputNames(c).Where((_, i) => c.Conditions[i].Counts)]));
        if (results is null)
        {
            cli.Error.WriteLine("error: some runs did not complete; --resume re-runs them");
            return ExitCodes.Failed;
        }
        Write(folder, file, posterior, plan, results, settings, replicates, command);
        foreach (var r in results)
        {
            cli.Line(string.Create(Inv, $"{r.Claim.Id}: holds at {r.Holds} of {r.Draws} draws, P = {r.Probability:0.00} [{r.Low:0.00}, {r.High:0.00}]; decided by: {r.Deciders}"));
        }
        cli.Line($"completed: {plan.Runs.Count} runs; probabilities in {folder.File(Markdown)}");
        return ExitCodes.Ok;
    }

    private static void Write(BatchFolder folder, ClaimsFile file, Posterior posterior, PosteriorClaimsPlan plan, IReadOnlyList<PosteriorClaimResult> results,
        ClaimsSettings settings, int replicates, IReadOnlyList<string> command)
    {
        AtomicFile.Write(folder.File(Csv), stream =>
        {
            using var w = CsvLineWriter.Open(stream);
            var csv = new CsvLineWriter(w);
            csv.Header(["claim", "label", "draws", "holds", "probability", "ci_low", "ci_high", "interval", "decided_by"]);
            foreach (var r in results)
            {
                csv.Text(r.Claim.Id).Text(r.Claim.Label.Name).Number((long)r.Draws).Number((long)r.Holds).Number(r.Probability).Number(r.Low).Number(r.High).Text("wilson-95").Text(r.Deciders);
                csv.EndLine();
            }
        });
        AtomicFile.Write(folder.File(DrawsCsv), stream =>
        {
            using var w = CsvLineWriter.Open(stream);
            var csv = new CsvLineWriter(w);
            csv.Header(["draw", .. posterior.Parameters, .. results.Select(r => r.Claim.Id)]);
            for (int k = 0; k < plan.Draws.Count; k++)
            {
                csv.Number((long)(k + 1));
                foreach (double x in plan.Draws[k]) csv.Number(x);
                foreach (var r in results) csv.Text(r.PerDraw[k] ? "holds" : "fails");
                csv.EndLine();
            }
        });
        PosteriorPlots.Probabilities(folder.File(Plot), results);
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"# Claims as probabilities over the posterior: {file.Name}");
        sb.AppendLine();
        sb.AppendLine(string.Create(Inv, $"Each claim of `{Path.GetFileName(settings.Claims)}` was re-run at {plan.Draws.Count} draws from the posterior in `{settings.Posterior}` (systematic resampling by weight; parameters {string.Join(", ", posterior.Parameters.Select(p => $"`{p}`"))}), {replicates} paired replicates per arm. A claim holds at a draw when every counting condition's estimate lies beyond its SESOI in the expected direction (the robustness rule of docs/CLAIMS.md). P is the share of draws where it holds, with a **Wilson score 95 % interval**; with K draws the interval cannot be narrower than the binomial noise of K. Which parameters decide a claim comes from the Sobol total indices of {(settings.Sensitivity is null ? "a sensitivity folder — **no Sobol analysis given**" : $"`{settings.Sensitivity}`")}."));
        sb.AppendLine();
        sb.AppendLine("| claim | label | holds at | P(holds) | 95 % interval (Wilson) | decided by | claim text |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            sb.AppendLine(string.Create(Inv, $"| **{r.Claim.Id}** | {r.Claim.Label.Name} | {r.Holds} of {r.Draws} | {r.Probability:0.00} | [{r.Low:0.00}, {r.High:0.00}] | {r.Deciders} | {r.Claim.Text} |"));
        }
        sb.AppendLine();
        sb.AppendLine($"![P(holds) per claim with Wilson intervals]({Plot})");
        sb.AppendLine();
        sb.AppendLine("Per draw: `posterior-draws.csv` (the parameter values and, per claim, holds or fails). The classic verdicts (at the defaults, paired replicates, ablations and a robustness sample) are in `docs/claims/claims.md`; the method of both in docs/CLAIMS.md and docs/CALIBRATION.md.");
        sb.AppendLine();
        sb.AppendLine("Command: `" + string.Join(' ', command) + "`");
        AtomicFile.WriteBytes(folder.File(Markdown), AtomicFile.Utf8.GetBytes(sb.ToString()));
    }
}
