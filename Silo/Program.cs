using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OrleansGov.Hosting;
using Serilog;
using Serilog.Events;

// Standalone silo. Several on one machine form a localhost cluster, e.g.
//   dotnet run --project Silo -- --Silo:SiloPort 11112 --Silo:GatewayPort 30001 --Silo:PrimarySiloPort 11111
Log.Logger = Logging(new LoggerConfiguration()).CreateBootstrapLogger();
try
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Services.AddSerilog(configuration => Logging(configuration));
    builder.UseOrleans(silo => ConfigureSilo(silo, builder.Configuration.GetSection("Silo")));
    await builder.Build().RunAsync();
    return 0;
}
catch (Exception ex)
{
    Log.Fatal(ex, "The silo stopped unexpectedly");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

static LoggerConfiguration Logging(LoggerConfiguration configuration) => configuration
    .MinimumLevel.Information()
    .MinimumLevel.Override("Polly", LogEventLevel.Warning)
    .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
    .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
    .WriteTo.Console();

static void ConfigureSilo(ISiloBuilder silo, IConfiguration config)
{
    int siloPort = config.GetValue("SiloPort", 11111);
    int primaryPort = config.GetValue("PrimarySiloPort", siloPort);
    silo.UseOrleansGovLocalhostCluster(
            siloPort,
            config.GetValue("GatewayPort", 30000),
            primaryPort,
            config.GetValue("ClusterId", OrleansGovClient.DefaultClusterId)!,
            config.GetValue("ServiceId", OrleansGovClient.DefaultServiceId)!)
        .AddOrleansGov()
        .AddOrleansGovRuntimeDashboard(); // Orleans' runtime view, served by `orleansgov dashboard --cluster` under /orleans
    Log.Information("Silo port {SiloPort}, primary silo port {PrimaryPort}", siloPort, primaryPort);
}
