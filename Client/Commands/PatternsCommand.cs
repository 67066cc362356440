using System.ComponentModel;
using System.Security.Cryptography;
using System.Text.Json;
using OrleansGov.Client.Calibration;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Logging;
using OrleansGov.Client.Patterns;
using OrleansGov.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>Options of <c>orleansgov patterns</c>.</summary>
public sealed class PatternsSettings : StudySettings
{
    [CommandArgument(0, "<scenario>")]
    [Description("A scenario (a YAML file or a preset name); patterns that give dates need its start-date.")]
    public string Scenario { get; init; } = "";

    [CommandOption("--patterns <FILE>")]
    [Description("A patterns file: observed stylised facts with their sources (scenarios/patterns/; docs/CALIBRATION.md).")]
    public string? Patterns { get; init; }

    [CommandOption("--replicates <N>")]
    [Description("Replicates (seeds derived from --seed, or the scenario's seed).")]
    [DefaultValue(5)]
    public int Replicates { get; init; } = 5;

    [CommandOption("--seed <SEED>")]
    [Description("The seed the replicate seeds derive from (default: the scenario's).")]
    public ulong? Seed { get; init; }

    [CommandOption("--strict")]
    [Description("Exit 4 when a pattern does not hold (default: exit 0 with the table; failing patterns are a finding, not an error).")]
    public bool Strict { get; init; }

    protected override ValidationResult? CheckOwn()
    {
        if (string.IsNullOrWhiteSpace(Scenario))
        {
            return ValidationResult.Error("a scenario is required");
        }
        if (string.IsNullOrWhiteSpace(Patterns))
        {
            return ValidationResult.Error("--patterns <FILE> is required");
        }
        if (Replicates is < 1 or > 10_000)
        {
            return ValidationResult.Error($"--replicates must be between 1 and 10000, not {Replicates}");
        }
        return null;
    }
}

/// <summary>
/// <c>orleansgov patterns</c>: runs a scenario's replicates and checks each observed stylised fact of a
/// patterns file against them (docs/CALIBRATION.md): simulated value with its spread, observed value,
/// holds or not. Writes <c>replicates.csv</c>, <c>patterns.csv</c>, <c>plots/patterns.png</c> and <c>report.md</c>
/// (<see cref="PatternsOutputs"/>); <c>orleansgov report</c> rebuilds them from the folder.
/// </summary>
public sealed class PatternsCommand(CliContext cli) : AsyncCommand<PatternsSettings>
{
    public const string PlanFile = "patterns-plan.json";

    public override async Task<int> ExecuteAsync(CommandContext context, PatternsSettings settings, CancellationToken cancellationToken)
    {
        if (ScenarioInput.TryLoad(settings.Scenario, out string? scenarioError) is not { } scenario)
        {
            cli.Error.WriteLine("error: " + scenarioError);
            return ExitCodes.BadInput;
        }
        PatternSet set;
        try
        {
            set = PatternsParser.Load(settings.Patterns!, scenario);
        }
        catch (ExperimentException ex)
        {
            cli.Error.WriteLine("error: " + ex.Message);
            return ExitCodes.BadInput;
        }
        if (!SizeCheck.Admit(cli, [scenario], settings.Engine, settings.Cluster, settings.MaxAgents, settings.Parallel ?? 1))
        {
            return ExitCodes.BadInput;
        }
        var seeds = Designs.ReplicateSeeds(settings.Seed ?? scenario.Seed, settings.Replicates);
        var runs = seeds.Select((s, i) => new SimRun($"r{i + 1:D2}", scenario, s)).ToList();
        var folder = new BatchFolder(settings.Out ?? Path.Combine("results", "patterns-" + set.Name));
        byte[] planBytes = JsonSerializer.SerializeToUtf8Bytes(new
        {
            scenario = settings.Scenario,
            scenario_sha256 = Sha(JsonSerializer.SerializeToUtf8Bytes(scenario, Results.Manifest.Json)),
            patterns = set.SourceFile,
            patterns_sha256 = Sha(File.ReadAllBytes(settings.Patterns!)),
            replicates = settings.Replicates,
            seeds,
        }, BatchPlan.Json);
        string[] command = ["orleansgov", .. context.Arguments];
        using var folderLock = StudyFolder.Open(cli, folder.Path, PlanFile, planBytes, settings.Resume, "patterns check", string.Join(' ', command), out string? problem);
        if (folderLock is null)
        {
            cli.Error.WriteLine("error: " + problem);
            return ExitCodes.BadInput;
        }
        File.Copy(settings.Patterns!, folder.File("patterns.yaml"), overwrite: true);
        using var log = new RunLog(cli.Error);
        log.AttachFile(folder.File("patterns.log"));
        if (!settings.Quiet)
        {
            cli.Line($"patterns {set.Name}: {set.Patterns.Count} patterns on {settings.Scenario}, {settings.Replicates} replicates; results in {folder.Path}");
        }
        int code = await SimulationRuns.WithSessionAsync(cli, settings.ToBatchOptions(), log, command, async sim =>
            await sim.RunAsync(folder, "patterns-" + set.Name, runs, settings.Quiet, cancellationToken) ? ExitCodes.Ok : sim.StopCode, cancellationToken);
        if (code != ExitCodes.Ok)
        {
            if (code == ExitCodes.Cancelled)
            {
                cli.Error.WriteLine($"cancelled; `orleansgov {string.Join(' ', context.Arguments)} --resume` does the rest");
            }
            return code;
        }
        var reduced = runs.Select(r => SimulationRuns.Reduce(folder, r.Name, set.Measures)).ToList();
        var missing = runs.Where((r, i) => reduced[i] is null).Select(r => r.Name).ToList();
        var replicates = runs.Select((r, i) => reduced[i] is { } values ? new PatternReplicate(r.Name, r.Seed, values) : null).OfType<PatternReplicate>().ToList();
        var results = PatternsOutputs.Write(folder.Path, set, settings.Scenario, replicates, command);
        foreach (var r in results)
        {
            cli.Line($"{r.Pattern.Id}: {(r.Holds ? "holds" : "does not hold")} (discrepancy {PatternsReportFormat(r.Discrepancy)}; observed {r.Pattern.Observed()}; {r.ShareOfReplicatesHolding:P0} of replicates hold)");
        }
        if (missing.Count > 0)
        {
            cli.Error.WriteLine($"error: {missing.Count} of {runs.Count} runs did not complete (left out): {string.Join(", ", missing)}; --resume re-runs them");
            return ExitCodes.Failed;
        }
        cli.Line($"completed: {results.Count(r => r.Holds)} of {results.Count} patterns hold; report in {folder.File(PatternsReport.Markdown)}");
        return settings.Strict && results.Any(r => !r.Holds) ? ExitCodes.PatternsDoNotHold : ExitCodes.Ok;
    }

    private static string PatternsReportFormat(double v) => double.IsNaN(v) ? "undefined" : v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    internal static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
