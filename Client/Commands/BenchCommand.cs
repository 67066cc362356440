using System.ComponentModel;
using OrleansGov.Client.Bench;
using OrleansGov.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>Options of <c>orleansgov bench</c>.</summary>
public sealed class BenchSettings : CommandSettings
{
    [CommandOption("--sizes <LIST>")]
    [Description("Comma-separated sizes to run: three-provinces, national, stress (any subset, any order; any preset or scenario file also works).")]
    [DefaultValue("three-provinces,national,stress")]
    public string Sizes { get; init; } = "three-provinces,national,stress";

    [CommandOption("--ticks <N>")]
    [Description("Ticks per run for every size (> 0). Default: 52 for three-provinces and national, 10 for stress.")]
    public int? Ticks { get; init; }

    [CommandOption("--engines <LIST>")]
    [Description("Comma-separated engines to run at each size: reference, orleans (default both). The runtime ceiling is measured, and the engines' metrics compared, only when both run.")]
    [DefaultValue("reference,orleans")]
    public string Engines { get; init; } = "reference,orleans";

    [CommandOption("--ceiling-fan-out <N>")]
    [Description("Ping grains per caller in the ceiling measurement (10 callers; default 100, i.e. 1,000 grains). 3578 measures the ceiling at national's 35,780 activations.")]
    [DefaultValue(100)]
    public int CeilingFanOut { get; init; } = 100;

    [CommandOption("--warm-up")]
    [Description("First one untimed run of small (5 ticks) on each engine, so that the sizes are measured in a warm process (code compiled, the runtime's own grains active), as the second and later runs of a batch, sweep or dashboard session are. Its time is printed. Without it the first size also pays the process's first-run costs, as one `orleansgov run` does.")]
    public bool WarmUp { get; init; }

    [CommandOption("--json [FILE]")]
    [Description("The results as JSON (fields in docs/PERFORMANCE.md): `--json FILE` writes them to FILE besides the table; `--json` alone prints only the JSON on stdout, progress on stderr.")]
    public FlagValue<string>? Json { get; init; }

    /// <summary>--json given without a file: the JSON goes to stdout instead of the table.</summary>
    public bool JsonToStdout => Json is { IsSet: true } && Json.Value is null or "" or "-";

    public IReadOnlyList<string> SizeList => Sizes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<string> EngineList => Engines.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override ValidationResult Validate()
    {
        if (Ticks is <= 0)
        {
            return ValidationResult.Error($"--ticks must be a positive integer, not {Ticks}");
        }
        if (SizeList.Count == 0)
        {
            return ValidationResult.Error("--sizes needs at least one size");
        }
        if (CeilingFanOut <= 0)
        {
            return ValidationResult.Error($"--ceiling-fan-out must be a positive integer, not {CeilingFanOut}");
        }
        if (EngineList.Count == 0)
        {
            return ValidationResult.Error("--engines needs at least one engine: reference, orleans");
        }
        foreach (var engine in EngineList)
        {
            if (!BenchOptions.EngineNames.Contains(engine))
            {
                return ValidationResult.Error($"--engines: unknown engine '{engine}' (known: {string.Join(", ", BenchOptions.EngineNames)})");
            }
        }
        return ValidationResult.Success();
    }
}

/// <summary>
/// <c>orleansgov bench</c>: the runtime ceiling, then the reference and Orleans engines at each size on
/// the same scenario and seed; prints the table, checks the engines agree, optionally writes JSON.
/// Exit code 1 when a run fails or the engines' metrics differ.
/// </summary>
public sealed class BenchCommand(CliContext cli) : AsyncCommand<BenchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        foreach (var size in settings.SizeList)
        {
            if (ScenarioInput.TryLoad(size, out string? error) is null)
            {
                cli.Error.WriteLine($"error: --sizes {size}: {error}");
                return ExitCodes.BadInput;
            }
        }
        string command = "orleansgov " + string.Join(' ', context.Arguments);
        var report = await BenchRunner.RunAsync(new BenchOptions(settings.SizeList, settings.Ticks) { Engines = settings.EngineList, CeilingFanOut = settings.CeilingFanOut, WarmUp = settings.WarmUp }, command,
            line => cli.Error.WriteLine(line), cancellationToken);
        if (cli.Out.Profile.Width < 190 && Console.IsOutputRedirected)
        {
            cli.Out.Profile.Width = 190; // the table is wide; do not wrap it in files
        }
        if (settings.JsonToStdout)
        {
            cli.Line(BenchOutput.ToJson(report));
        }
        else
        {
            BenchOutput.Print(cli.Out, report);
            if (settings.Json is { IsSet: true, Value: { } file })
            {
                BenchOutput.WriteJson(file, report);
                cli.Line($"json: {file}");
            }
        }
        bool ok = report.Comparisons.All(c => c.MetricsIdentical) && report.Results.All(r => r.Status == "completed");
        return ok ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
