using Microsoft.Extensions.DependencyInjection;
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
            config.UseStrictParsing();
            config.ConfigureConsole(context.Out);
            config.CancellationExitCode(ExitCodes.Cancelled);
            config.SetExceptionHandler((exception, _) => HandleError(exception, context));
            config.AddCommand<RunCommand>("run")
                .WithDescription("Run a scenario (a YAML file or a preset name) and write a results folder.")
                .WithExample("run", "three-provinces")
                .WithExample("run", "scenarios/loose.yaml", "--seed", "42", "--ticks", "104", "--out", "results");
            config.AddCommand<ValidateCommand>("validate")
                .WithDescription("Check a scenario and print what it would simulate.")
                .WithExample("validate", "three-provinces");
            config.AddCommand<BatchCommand>("batch")
                .WithDescription("Run an experiment (arms × replicates) and write runs, series, comparison tables, a report and plots.")
                .WithExample("batch", "scenarios/experiments/modes.yaml", "--parallel", "2")
                .WithExample("batch", "scenarios/experiments/modes.yaml", "--resume");
            config.AddCommand<ClaimsCommand>("claims")
                .WithDescription("Test the article's claims: arms × replicates, ablations and a robustness sample; write claims.md/claims.csv and plots.")
                .WithExample("claims", "scenarios/experiments/claims.yaml", "--parallel", "2")
                .WithExample("claims", "scenarios/experiments/claims.yaml", "--resume");
            config.AddCommand<ReportCommand>("report")
                .WithDescription("Regenerate a batch folder's tables, report and plots from its files.")
                .WithExample("report", "results/modes");
            config.AddCommand<PresetsCommand>("presets")
                .WithDescription("List the scenario presets shipped with OrleansGov.");
            config.AddCommand<BenchCommand>("bench")
                .WithDescription("Measure the runtime ceiling and both engines at several sizes; check they agree.")
                .WithExample("bench", "--sizes", "three-provinces,national", "--ticks", "26", "--json", "bench.json");
            config.AddCommand<DashboardCommand>("dashboard")
                .WithDescription("Serve the web dashboard: runs, live charts, drill-down, compare, steer (127.0.0.1:5080).")
                .WithExample("dashboard", "--port", "5080", "--results", "results");
            config.AddCommand<WatchCommand>("watch")
                .WithDescription("Follow a run on a cluster live in the terminal.")
                .WithExample("watch", "small-s7-20250101-120000", "--cluster", "127.0.0.1:30000");
        });
        return await app.RunAsync(args, cancellationToken);
    }

    /// <summary>Bad command lines (parse or validation errors) are bad input; anything else is a failure.</summary>
    private static int HandleError(Exception exception, CliContext context)
    {
        context.Error.WriteLine("error: " + exception.Message);
        return exception is CommandAppException ? ExitCodes.BadInput : ExitCodes.Failed;
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
