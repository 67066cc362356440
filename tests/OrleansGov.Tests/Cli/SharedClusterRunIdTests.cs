using OrleansGov.Client;
using OrleansGov.Tests.Dashboard;

namespace OrleansGov.Tests.Cli;

/// <summary>
/// Issue 14 item 5 on a shared cluster (the dashboard fixture's embedded silo, reached with --cluster):
/// clients starting the same preset in the same second all get an id of their own; an explicit id
/// already used on the cluster is bad input and nothing is written.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class SharedClusterRunIdTests(DashboardFixture dashboard) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Gateway => $"127.0.0.1:{dashboard.Server.GatewayPort}";

    [Fact]
    public async Task Three_clients_starting_small_at_once_each_get_their_own_run()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            CliHarness.RunAsync("run", "small", "--ticks", "5", "--cluster", Gateway, "--out", _dir.Combine($"client{i}"), "--quiet")));

        Assert.All(runs, r => Assert.True(r.ExitCode == ExitCodes.Ok, r.ToString()));
        var ids = Enumerable.Range(0, 3).Select(i => Path.GetFileName(Assert.Single(Directory.GetDirectories(_dir.Combine($"client{i}"))))).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.All(ids, id => Assert.StartsWith("small-s7-", id));
        Assert.All(Enumerable.Range(0, 3), i =>
            Assert.Equal("completed", CliHarness.ReadJson(Path.Combine(_dir.Combine($"client{i}"), ids[i], "manifest.json")).GetProperty("status").GetString()));
    }

    [Fact]
    public async Task An_explicit_id_already_used_on_the_cluster_is_bad_input_and_writes_nothing()
    {
        string id = "shared-" + Guid.NewGuid().ToString("N")[..8];
        var first = await CliHarness.RunAsync("run", "small", "--ticks", "3", "--cluster", Gateway, "--out", _dir.Combine("a"), "--run-id", id, "--quiet");
        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());

        var second = await CliHarness.RunAsync("run", "small", "--ticks", "3", "--cluster", Gateway, "--out", _dir.Combine("b"), "--run-id", id, "--quiet");

        Assert.True(second.ExitCode == ExitCodes.BadInput, second.ToString());
        Assert.Contains($"run id '{id}' is already in use on the cluster", second.Error);
        Assert.False(Directory.Exists(_dir.Combine("b", id)));
    }
}
