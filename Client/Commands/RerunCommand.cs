using System.ComponentModel;
using System.Text.Json;
using OrleansGov.Client.Results;
using OrleansGov.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>
/// <c>orleansgov rerun RESULTS-FOLDER</c>: runs the folder's <c>scenario.yaml</c> again with the
/// manifest's seed (a fork again from the same checkpoint), writes a new results folder, and checks that
/// its <c>metrics.csv</c> is the original's byte for byte. Exit 0 identical, 1 different (with where),
/// 2 when the folder is not a completed run's.
/// </summary>
public sealed class RerunCommand(CliContext cli) : AsyncCommand<RerunCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<results-folder>")]
        [Description("A completed run's results folder (it holds manifest.json, scenario.yaml and metrics.csv).")]
        public string Folder { get; init; } = "";

        [CommandOption("--engine <ENGINE>")]
        [Description("orleans or reference; default the engine of the original run. Both give identical metrics.")]
        public string? Engine { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Folder under which the rerun's results folder <run-id>-rerun is created; default the original's parent folder (for a run inside a batch or claims folder: <batch>-reruns beside it).")]
        public string? Out { get; init; }

        [CommandOption("-q|--quiet")]
        [Description("Print only the verdict line (identical / differs).")]
        public bool Quiet { get; init; }

        [CommandOption("--json")]
        [Description("Print one JSON object on stdout: identical, exit_code, original, rerun, rows, differing_rows, first_difference {tick, scope, column, original, rerun}.")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            if (Engine is not null && EngineOptions.Check(Engine, null) is { } problem)
            {
                return problem;
            }
            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (Open(settings.Folder, out string? problem) is not { } original)
        {
            cli.Error.WriteLine($"error: {settings.Folder}: {problem}");
            return ExitCodes.BadInput;
        }
        try
        {
            return await RerunAsync(original, settings, cancellationToken);
        }
        finally
        {
            if (original.Temporary) File.Delete(original.ScenarioFile);
        }
    }

    private async Task<int> RerunAsync(Original original, Settings settings, CancellationToken cancellationToken)
    {
        string outDir = settings.Out ?? DefaultOut(settings.Folder);
        if (OutputPath.Problem("--out", outDir) is { } outProblem)
        {
            cli.Error.WriteLine("error: " + outProblem);
            return ExitCodes.BadInput;
        }
        var manifest = original.Manifest;
        var run = new RunSettings
        {
            Scenario = original.ScenarioFile,
            Seed = manifest.ForkedFrom is null ? manifest.Seed : null,
            From = manifest.ForkedFrom?.Run,
            AtTick = manifest.ForkedFrom?.Tick,
            Engine = settings.Engine ?? manifest.Engine,
            Out = outDir,
            RunId = FreeId(outDir, manifest.RunId + "-rerun"),
            Quiet = true,
        };
        if (!settings.Quiet && !settings.Json)
        {
            cli.Line($"rerun of {manifest.RunId}: {manifest.Scenario.Name}, seed {manifest.Seed}, {manifest.TicksRequested} ticks, {run.Engine} engine" +
                (manifest.ForkedFrom is { } f ? $", forked from {f.Run} at tick {f.Tick}" : ""));
        }
        // The run itself speaks only on stderr; this command says what matters on stdout.
        var inner = new RunCommand(new CliContext
        {
            Out = CliContext.ForWriters(TextWriter.Null, cli.Error).Out,
            Error = cli.Error,
            AfterTick = cli.AfterTick,
            WrapEngine = cli.WrapEngine,
        });
        string[] arguments = ["rerun", settings.Folder, .. settings.Engine is null ? Array.Empty<string>() : ["--engine", settings.Engine]];
        int exit = await inner.ExecuteAsync(run, arguments, cancellationToken);
        if (exit != ExitCodes.Ok || inner.Folder is null)
        {
            cli.Error.WriteLine($"error: the rerun did not complete (exit {exit}){(inner.Folder is null ? "" : "; its folder: " + inner.Folder)}");
            return exit == ExitCodes.Ok ? ExitCodes.Failed : exit;
        }
        var diff = MetricsDiff.Compare(Path.Combine(settings.Folder, RunFolder.MetricsFile), Path.Combine(inner.Folder, RunFolder.MetricsFile));
        int result = diff.Identical ? ExitCodes.Ok : ExitCodes.Failed;
        if (settings.Json)
        {
            cli.Line(RunJson.Serialize(new
            {
                diff.Identical,
                ExitCode = result,
                Original = Path.GetFullPath(settings.Folder),
                Rerun = Path.GetFullPath(inner.Folder),
                diff.Rows,
                diff.DifferingRows,
                diff.FirstDifference,
            }));
        }
        else
        {
            cli.Line(diff.Identical
                ? $"identical: {inner.Folder}/metrics.csv matches the original byte for byte ({diff.Rows} rows)"
                : $"differs: {diff.Summary}; rerun in {inner.Folder}");
        }
        return result;
    }

    /// <param name="Temporary">The scenario file was written from the manifest for this rerun (and is deleted after it).</param>
    private sealed record Original(Manifest Manifest, string ScenarioFile, bool Temporary = false);

    /// <summary>The folder's manifest and runnable scenario, or why it cannot be rerun.</summary>
    private static Original? Open(string folder, out string? problem)
    {
        problem = null;
        if (!Directory.Exists(folder))
        {
            problem = File.Exists(folder) ? "is a file, not a results folder" : "no such folder";
            return null;
        }
        Manifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(Path.Combine(folder, RunFolder.ManifestFile)), Manifest.Json);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            problem = $"no {RunFolder.ManifestFile} (not a results folder of `orleansgov run`)";
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            problem = $"{RunFolder.ManifestFile} cannot be read: {e.Message}";
            return null;
        }
        if (manifest?.Scenario is null)
        {
            problem = $"{RunFolder.ManifestFile} has no scenario";
            return null;
        }
        if (manifest.Status != "completed")
        {
            problem = $"the run is {manifest.Status}, not completed: only a completed run's metrics.csv can be checked";
            return null;
        }
        if (!File.Exists(Path.Combine(folder, RunFolder.MetricsFile)))
        {
            problem = $"no {RunFolder.MetricsFile} to compare with";
            return null;
        }
        string scenarioFile = Path.Combine(folder, RunFolder.ScenarioFile);
        if (!File.Exists(scenarioFile))
        {
            // A folder from before scenario.yaml existed: the manifest's resolved scenario, written out the same way.
            scenarioFile = Path.Combine(Path.GetTempPath(), $"orleansgov-rerun-{Guid.NewGuid():N}.yaml");
            File.WriteAllText(scenarioFile, ScenarioWriter.Write(manifest.Scenario, $"The scenario of {manifest.RunId}, from its manifest."));
            return new Original(manifest, scenarioFile, Temporary: true);
        }
        return new Original(manifest, scenarioFile);
    }

    /// <summary>
    /// Next to the original; but a batch's (or claims') runs folder is read by <c>report</c>, so a rerun
    /// of one of its runs goes beside the batch folder instead, into <c>&lt;batch&gt;-reruns/</c>.
    /// </summary>
    private static string DefaultOut(string folder)
    {
        string parent = Path.GetDirectoryName(Path.GetFullPath(folder))!;
        string? batch = Path.GetDirectoryName(parent);
        bool inBatch = Path.GetFileName(parent) == Experiments.BatchFolder.RunsDir && batch is not null
            && (File.Exists(Path.Combine(batch, Experiments.BatchPlan.FileName)) || File.Exists(Path.Combine(batch, ClaimsCommand.PlanFile))
                || File.Exists(Path.Combine(batch, Sensitivity.SensitivityPlan.FileName)));
        return inBatch
            ? batch + "-reruns"
            : parent;
    }

    /// <summary><paramref name="id"/>, or with -2, -3, … when a folder of that name exists under <paramref name="outDir"/>.</summary>
    private static string FreeId(string outDir, string id)
    {
        for (int n = 1; ; n++)
        {
            string candidate = n == 1 ? id : $"{id}-{n}";
            if (!Path.Exists(Path.Combine(outDir, candidate))) return candidate;
        }
    }
}
