using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansGov.Engine;
using OrleansGov.Hosting;
using OrleansGov.Runs;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Engine;

/// <summary>The two ways the CLI reaches a cluster: an embedded silo, and a client connecting to HOST:PORT.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task The_embedded_silo_and_an_external_client_both_run_the_engine_like_the_reference()
    {
        var scenario = TestScenarios.Small(ticks: 15);
        var reference = await EngineAssert.ReferenceAsync(scenario);
        int siloPort = FreePort(), gatewayPort = FreePort();

        var siloBuilder = Host.CreateApplicationBuilder();
        siloBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        siloBuilder.UseOrleans(silo => silo.UseOrleansGovLocalhostCluster(siloPort, gatewayPort, siloPort).AddOrleansGov());
        using var siloHost = siloBuilder.Build();
        await siloHost.StartAsync();
        try
        {
            var embedded = await new OrleansEngine(siloHost.Services.GetRequiredService<IClusterClient>())
                .RunAsync(EngineAssert.NewRunId("embedded"), scenario, null, CancellationToken.None);

            var clientBuilder = Host.CreateApplicationBuilder();
            clientBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
            var gateway = OrleansGovClient.ParseGateway($"localhost:{gatewayPort}");
            clientBuilder.UseOrleansClient(client => client.UseOrleansGovCluster(gateway));
            using var clientHost = clientBuilder.Build();
            await clientHost.StartAsync();
            var external = await new OrleansEngine(clientHost.Services.GetRequiredService<IClusterClient>())
                .RunAsync(EngineAssert.NewRunId("external"), scenario, null, CancellationToken.None);
            await clientHost.StopAsync();

            Assert.Equal(RunStatus.Completed, embedded.Status);
            Assert.Equal(RunStatus.Completed, external.Status);
            Assert.Equal(1, external.SiloCount);
            EngineAssert.SameRows(reference.Metrics, embedded.Metrics);
            EngineAssert.SameRows(reference.Metrics, external.Metrics);
        }
        finally
        {
            await siloHost.StopAsync();
        }
    }

    [Theory]
    [InlineData("127.0.0.1:30000", 30000)]
    [InlineData("localhost:30001", 30001)]
    public void Gateways_parse_from_host_and_port(string text, int port)
    {
        var endpoint = OrleansGovClient.ParseGateway(text);
        Assert.Equal(port, endpoint.Port);
        Assert.Equal(IPAddress.Loopback, endpoint.Address);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:0")]
    [InlineData("localhost:x")]
    public void Bad_gateways_are_rejected(string text) => Assert.Throws<FormatException>(() => OrleansGovClient.ParseGateway(text));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
