using Microsoft.Extensions.DependencyInjection;
using OrleansGov.Client.CommandLine;
using OrleansGov.Client.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client;

/// <summary>The <c>orleansgov</c> command line: verbs, options and the mapping of errors to exit codes.</summary>
public static class CliApp
{
    /// <summary>Runs the CLI with <paramref name="args"/>; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddSingleton(context);
        var app = new CommandApp(new TypeRegistrar(services));
        app.Configure(config =>
        {
            config.SetApplicationName("orleansgov");
            config.UseAssemblyInformationalVersion();
            // Relaxed, not strict: Spectre 0.57's strict mode retries a failed parse with a default-command
            // name inserted, so an option given without its value (`--out` last, `--run-id -q`) silently
            // took the value "__default_command". Relaxed parsing reports the missing value; unknown
            // options come back as leftovers, which NoLeftoverArguments refuses for every verb.
            config.SetInterceptor(new NoLeftoverArguments());
            config.ConfigureConsole(context.Out);
            config.CancellationExitCode(ExitCodes.Cancelled);
            config.SetExceptionHandler((exception, _) => HandleError(exception, args, context));
            config.SetHelpProvider(new ExitCodesHelp(config.Settings));
            Verb<RunCommand>(config, "run")
                .WithDescription("Run a scenario (a YAML file or a preset name) and write a results folder.")
                .WithExample("run", "three-provinces")
                .WithExample("run", "scenarios/loose.yaml", "--seed", "42", "--ticks", "104", "--out", "results")
                .WithExample("run", "small", "--set", "dials.vertical=0.5", "--set", "provinces[south].dials.horizontal=0.9", "--json");
            Verb<ValidateCommand>(config, "validate")
                .WithDescription("Check a scenario and print what it would simulate.")
                .WithExample("validate", "three-provinces");
            Verb<RerunCommand>(config, "rerun")
                .WithDescription("Run a results folder's scenario.yaml again with its seed and check metrics.csv comes out byte for byte the same.")
                .WithExample("rerun", "results/small-s7-20250101-120000", "--engine", "reference");
            Verb<ListCommand>(config, "list")
                .WithDescription("List the run folders under --results with their status (completed, failed, cancelled, running, stale).")
                .WithExample("list", "--results", "results", "--json");
            Verb<BatchCommand>(config, "batch")
                .WithDescription("Run an experiment (arms × replicates) and write runs, series, comparison tables, a report and plots.")
                .WithExample("batch", "scenarios/experiments/modes.yaml", "--parallel", "2")
                .WithExample("batch", "scenarios/experiments/modes.yaml", "--resume");
            Verb<ClaimsCommand>(config, "claims")
                .WithDescription("Test the article's claims: arms × replicates, ablations and a robustness sample; write claims.md/claims.csv and plots.")
                .WithExample("claims", "scenarios/experiments/claims.yaml", "--parallel", "2")
                .WithExample("claims", "scenarios/experiments/claims.yaml", "--resume");
            Verb<SensitivityCommand>(config, "sensitivity")
                .WithDescription("Global sensitivity analysis (Morris screening or Sobol' indices) over ranges of parameters; write indices.csv, a report and plots.")
                .WithExample("sensitivity", "scenarios/experiments/sensitivity-morris.yaml", "--engine", "reference", "--parallel", "2")
                .WithExample("sensitivity", "scenarios/experiments/sensitivity-sobol.yaml", "--resume");
            Verb<PatternsCommand>(config, "patterns")
                .WithDescription("Check a scenario against observed stylised facts (each with its source): simulated, observed, holds or not; a report, a table and a plot.")
                .WithExample("patterns", "scenarios/patterns/three-provinces-calendar.yaml", "--patterns", "scenarios/patterns/patterns.yaml", "--replicates", "5");
            Verb<CalibrateCommand>(config, "calibrate")
                .WithDescription("Calibrate uncertain parameters against the patterns by ABC (rejection or SMC); write the posterior, plots and predictive checks.")
                .WithExample("calibrate", "scenarios/experiments/calibration-three-provinces.yaml", "--parallel", "2");
            Verb<ReportCommand>(config, "report")
                .WithDescription("Regenerate a batch (or sensitivity, or patterns) folder's tables, report and plots from its files.")
                .WithExample("report", "results/modes");
            Verb<PresetsCommand>(config, "presets")
                .WithDescription("List the scenario presets shipped with OrleansGov.");
            Verb<BenchCommand>(config, "bench")
                .WithDescription("Measure the runtime ceiling and both engines at several sizes; check they agree.")
                .WithExample("bench", "--sizes", "three-provinces,national", "--ticks", "26", "--json", "bench.json");
            Verb<DashboardCommand>(config, "dashboard")
                .WithDescription("Serve the web dashboard: runs, live charts, drill-down, compare, steer (127.0.0.1:5080).")
                .WithExample("dashboard", "--port", "5080", "--results", "results");
            Verb<WatchCommand>(config, "watch")
                .WithDescription("Follow a run on a cluster live in the terminal.")
                .WithExample("watch", "small-s7-20250101-120000", "--cluster", "127.0.0.1:30000");
        });
        return await app.RunAsync(args, cancellationToken);
    }

    /// <summary>Bad command lines (parse, conversion or validation errors) are bad input; anything else is a failure.</summary>
    private static int HandleError(Exception exception, IReadOnlyList<string> args, CliContext context)
    {
        string? usage = CliErrors.Describe(exception, args, SettingsByVerb);
        context.Error.WriteLine("error: " + (usage ?? exception.Message));
        return usage is not null ? ExitCodes.BadInput : ExitCodes.Failed;
    }

    /// <summary>Each verb's settings class, so an error can name what an option accepts (filled by <see cref="Verb{TCommand}"/>).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Type> SettingsByVerb = new(StringComparer.Ordinal);

    /// <summary>Registers a verb and remembers its settings class.</summary>
    private static ICommandConfigurator Verb<TCommand>(IConfigurator config, string name) where TCommand : class, ICommand
    {
        for (var type = typeof(TCommand); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(AsyncCommand<>))
            {
                SettingsByVerb[name] = type.GetGenericArguments()[0];
            }
        }
        return config.AddCommand<TCommand>(name);
    }

    private sealed class TypeRegistrar(IServiceCollection services) : ITypeRegistrar
    {
        public ITypeResolver Build() => new TypeResolver(services.BuildServiceProvider());
        public void Register(Type service, Type implementation) => services.AddSingleton(service, implementation);
        public void RegisterInstance(Type service, object implementation) => services.AddSingleton(service, implementation);
        public void RegisterLazy(Type service, Func<object> factory) => services.AddSingleton(service, _ => factory());
    }

    private sealed class TypeResolver(ServiceProvider provider) : ITypeResolver, IDisposable
    {
        public object? Resolve(Type? type) =>
            type is null ? null : provider.GetService(type) ?? ActivatorUtilities.CreateInstance(provider, type);

        public void Dispose() => provider.Dispose();
    }
}
