using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansGov.Client.Calibration;
using OrleansGov.Client.Commands;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;

namespace OrleansGov.Client.Patterns;

/// <summary>
/// <c>orleansgov report &lt;dir&gt;</c> on a patterns folder (it has <c>patterns-plan.json</c>): the table,
/// report and plot rebuilt from the folder alone — its copy of the patterns file, checked against the
/// scenario the plan names, and <c>replicates.csv</c> (or, in a folder written before that file existed,
/// the run folders). The scenario must load to the very one the check ran (same hash), else nothing is
/// rewritten.
/// </summary>
public static partial class PatternsRebuild
{
    public static int Run(CliContext cli, BatchFolder folder, IReadOnlyList<string> command)
    {
        string planPath = folder.File(PatternsCommand.PlanFile);
        if (Load(folder, planPath, out var inputs) is { } problem)
        {
            cli.Error.WriteLine("error: " + problem);
            return ExitCodes.BadInput;
        }
        var (set, scenario, replicates, missing) = inputs!;
        using var folderLock = FolderLock.TryAcquire(folder.Path, string.Join(' ', command), out string? busy);
        if (folderLock is null)
        {
            cli.Error.WriteLine("error: " + busy);
            return ExitCodes.BadInput;
        }
        string reportPath = folder.File(PatternsReport.Markdown);
        // The report names the command that ran the check, not the one that rebuilt it.
        var recorded = File.Exists(reportPath) ? CommandLine().Match(File.ReadAllText(reportPath)) : Match.Empty;
        IReadOnlyList<string> shown = recorded.Success ? [recorded.Groups[1].Value] : command;
        var results = PatternsOutputs.Write(folder.Path, set, scenario, replicates, shown);
        if (missing.Count > 0)
        {
            cli.Error.WriteLine($"error: {missing.Count} of {missing.Count + replicates.Count} runs are not completed (left out): {string.Join(", ", missing)}");
            return ExitCodes.Failed;
        }
        cli.Line($"rebuilt: {results.Count(r => r.Holds)} of {results.Count} patterns hold on {ReportMarkdown.Plural(replicates.Count, "replicate")}; report in {reportPath}, plot in {folder.File(PatternsOutputs.PlotFile)}");
        return ExitCodes.Ok;
    }

    [GeneratedRegex(@"^Command: `(.*)`$", RegexOptions.Multiline)]
    private static partial Regex CommandLine();

    private sealed record Inputs(PatternSet Set, string Scenario, IReadOnlyList<PatternReplicate> Replicates, IReadOnlyList<string> Missing);

    /// <summary>Everything the rebuild needs in <paramref name="inputs"/>, or the problem (bad input: nothing is written).</summary>
    private static string? Load(BatchFolder folder, string planPath, out Inputs? inputs)
    {
        inputs = null;
        string scenarioRef;
        string scenarioSha, patternsSha;
        ulong[] seeds;
        try
        {
            using var plan = JsonDocument.Parse(File.ReadAllBytes(planPath));
            var root = plan.RootElement;
            scenarioRef = root.GetProperty("scenario").GetString() ?? throw new InvalidDataException("scenario is null");
            scenarioSha = root.GetProperty("scenario_sha256").GetString() ?? "";
            patternsSha = root.GetProperty("patterns_sha256").GetString() ?? "";
            seeds = [.. root.GetProperty("seeds").EnumerateArray().Select(s => s.GetUInt64())];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return $"{planPath}: not a patterns plan ({ex.Message})";
        }
        if (ScenarioInput.TryLoad(scenarioRef, out string? scenarioError) is not { } scenario)
        {
            return $"{planPath}: the scenario the check ran, '{scenarioRef}', does not load from here ({scenarioError}); run `report` from the folder the check was run from";
        }
        if (PatternsCommand.Sha(JsonSerializer.SerializeToUtf8Bytes(scenario, Manifest.Json)) != scenarioSha)
        {
            return $"{planPath}: the scenario '{scenarioRef}' now loads to another scenario than the one the check ran (its file or the model's defaults changed); run the check again";
        }
        string patternsPath = folder.File("patterns.yaml");
        if (!File.Exists(patternsPath) || PatternsCommand.Sha(File.ReadAllBytes(patternsPath)) != patternsSha)
        {
            return $"{patternsPath}: {(File.Exists(patternsPath) ? "differs from" : "is missing, the copy of")} the patterns file the check ran (patterns_sha256 in {PatternsCommand.PlanFile})";
        }
        PatternSet set;
        try
        {
            set = PatternsParser.Load(patternsPath, scenario);
        }
        catch (ExperimentException ex)
        {
            return ex.Message;
        }
        var names = seeds.Select((s, i) => (Name: $"r{i + 1:D2}", Seed: s)).ToList();
        string csv = folder.File(PatternsOutputs.ReplicatesCsv);
        IReadOnlyList<PatternReplicate> replicates;
        try
        {
            replicates = File.Exists(csv)
                ? PatternsOutputs.ReadReplicates(csv, set)
                : [.. names.Select(r => SimulationRuns.Reduce(folder, r.Name, set.Measures) is { } v ? new PatternReplicate(r.Name, r.Seed, v) : null).OfType<PatternReplicate>()];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return ex.Message;
        }
        if (replicates.Count == 0)
        {
            return $"{folder.Path}: no completed replicate to rebuild from (neither {PatternsOutputs.ReplicatesCsv} nor a completed run under {BatchFolder.RunsDir}/)";
        }
        var missing = names.Select(r => r.Name).Except(replicates.Select(r => r.Run), StringComparer.Ordinal).ToList();
        inputs = new Inputs(set, scenarioRef, replicates, missing);
        return null;
    }
}
