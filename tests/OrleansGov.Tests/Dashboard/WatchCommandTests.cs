using OrleansGov.Client;
using OrleansGov.Tests.Cli;

namespace OrleansGov.Tests.Dashboard;

/// <summary><c>orleansgov watch</c> against the dashboard's embedded silo (its gateway, as the dashboard prints it).</summary>
[Collection(DashboardCollection.Name)]
public sealed class WatchCommandTests(DashboardFixture dashboard)
{
    private string Gateway => $"127.0.0.1:{dashboard.Server.GatewayPort}";

    [Fact]
    public async Task Watch_follows_a_run_tick_by_tick_until_it_completes()
    {
        string runId = await dashboard.StartAsync("small", 60);
        var result = await CliHarness.RunAsync("watch", runId, "--cluster", Gateway);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains($"run {runId}: completed, tick 60/60", result.Out);
        Assert.Contains("adoption=", result.Out);
        var ticks = result.Out.Split('\n').Where(l => l.Contains("adoption=")).Select(l => l[(l.IndexOf(", tick ") + 7)..].Split('/')[0]).Select(int.Parse).ToList();
        Assert.Equal(ticks.Order(), ticks); // in order
        Assert.Equal(60, ticks.Max());
    }

    [Fact]
    public async Task Watch_of_an_unknown_run_is_bad_input()
    {
        var result = await CliHarness.RunAsync("watch", "no-such-run", "--cluster", Gateway);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("no run 'no-such-run'", result.Error);
    }

    [Fact]
    public async Task Watch_without_a_reachable_cluster_says_so()
    {
        int port = OrleansGov.Client.Hosting.FreePorts.Take(1)[0];
        var result = await CliHarness.RunAsync("watch", "any", "--cluster", $"127.0.0.1:{port}");
        Assert.Equal(ExitCodes.ClusterUnavailable, result.ExitCode);
        Assert.Contains("cannot reach the cluster", result.Error);
    }
}
