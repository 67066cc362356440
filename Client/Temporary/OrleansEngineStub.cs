// TEMPORARY: stands in for the Orleans engine and hosting extensions being built on another branch
// (Grains/Engine/OrleansEngine.cs, Grains/Hosting/). Delete when `git merge main` brings them in.
using OrleansGov.Metrics;
using OrleansGov.Scenarios;

namespace OrleansGov.Engine
{
    public sealed class OrleansEngine(IClusterClient client) : ISimulationEngine
    {
        private readonly IClusterClient _client = client;

        public string Name => "orleans";

        public async Task<RunOutcome> RunAsync(string runId, Scenario scenario, IProgress<TickMetrics>? progress, CancellationToken cancellationToken)
        {
            _ = _client;
            var outcome = await new ReferenceEngine().RunAsync(runId, scenario, progress, cancellationToken);
            return outcome with { SiloCount = 1 };
        }
    }
}

namespace OrleansGov.Hosting
{
    public static class OrleansGovHostingExtensions
    {
        public static ISiloBuilder AddOrleansGov(this ISiloBuilder builder) => builder;
        public static IClientBuilder AddOrleansGov(this IClientBuilder builder) => builder;
    }
}
