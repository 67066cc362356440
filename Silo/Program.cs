using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansGov.Hosting;
using Serilog;
using Serilog.Events;

// Standalone silo. With Silo:Redis set it joins a real cluster (docs/CLUSTER.md), e.g.
//   orleansgov-silo --Silo:Redis 10.0.0.1:6379 --Silo:AdvertisedIP 10.0.0.11 --Silo:ClusterId dev
// otherwise several on one machine form a localhost cluster, e.g.
//   dotnet run --project Silo -- --Silo:SiloPort 11112 --Silo:GatewayPort 30001 --Silo:PrimarySiloPort 11111
// --Silo:RuntimeDashboard true adds Orleans' runtime dashboard (for `orleansgov dashboard --cluster`'s /orleans).
Log.Logger = Logging(new LoggerConfiguration()).CreateBootstrapLogger();
try
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Services.AddSerilog(configuration => Logging(configuration));
    // A graceful stop (SIGTERM) first checkpoints the running runs (SiloDrain): give it time.
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(120));
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
    int gatewayPort = config.GetValue("GatewayPort", 30000);
    string clusterId = config.GetValue("ClusterId", OrleansGovClient.DefaultClusterId)!;
    string serviceId = config.GetValue("ServiceId", clusterId)!;
    if (config.GetValue<string>("Redis") is { Length: > 0 } redis)
    {
        string advertised = config.GetValue<string>("AdvertisedIP")
            ?? throw new InvalidOperationException("Silo:Redis is set but Silo:AdvertisedIP (this host's address on the cluster's network) is not.");
        var tls = config.GetSection("Tls");
        silo.UseOrleansGovRedisCluster(new ClusterSettings
        {
            Redis = redis,
            ClusterId = clusterId,
            ServiceId = serviceId,
            AdvertisedAddress = IPAddress.Parse(advertised),
            SiloPort = siloPort,
            GatewayPort = gatewayPort,
            Tls = tls.GetValue<string>("Certificate") is { Length: > 0 } certificate
                ? new TlsSettings(certificate, tls.GetValue<string>("Password"),
                    tls.GetValue<string>("Authority") ?? throw new InvalidOperationException("Silo:Tls:Certificate is set but Silo:Tls:Authority (the CA to trust) is not."))
                : null,
        });
        Log.Information("Silo {Address}:{SiloPort} (gateway {GatewayPort}) joins cluster {ClusterId} through redis {Redis}{Tls}",
            advertised, siloPort, gatewayPort, clusterId, redis, tls.GetValue<string>("Certificate") is null ? "" : " with mutual TLS");
    }
    else
    {
        int primaryPort = config.GetValue("PrimarySiloPort", siloPort);
        silo.UseOrleansGovLocalhostCluster(siloPort, gatewayPort, primaryPort, clusterId, serviceId);
        Log.Information("Silo port {SiloPort}, primary silo port {PrimaryPort}", siloPort, primaryPort);
    }
    silo.AddOrleansGov();
    // Orleans' runtime view, served by `orleansgov dashboard --cluster` under /orleans: opt-in, because its
    // per-call statistics come from an incoming grain call filter, which wraps every grain call of every run
    // on the silo in an invoker (docs/PERFORMANCE.md, round 10).
    if (config.GetValue("RuntimeDashboard", false))
    {
        silo.AddOrleansGovRuntimeDashboard();
        Log.Information("Orleans runtime dashboard on (Silo:RuntimeDashboard): every grain call pays its call filter");
    }
}
