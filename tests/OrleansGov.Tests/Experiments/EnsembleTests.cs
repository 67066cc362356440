using OrleansGov.Client;
using OrleansGov.Tests.Cli;

namespace OrleansGov.Tests.Experiments;

/// <summary>
/// Shared prefixes (issue 12): arms that differ only from a tick on share the ticks before it, with
/// results byte-identical to running every run whole; and the ensemble options' bad input.
/// </summary>
public sealed class EnsembleTests : IDisposable
{
    /// <summary>Three arms that differ only in when the Cloud Chief system starts (ticks 8, 14, 20) × 2 replicates.</summary>
    public const string StartTicks = """
        name: start-ticks
        scenario: small
        seed: 5
        ticks: 26
        replicates: 2
        factors:
          cloud-chief-system.start-tick: [8, 14, 20]
        baseline: "8"
        keep:
          metrics: [cloud_adoption, leader_attention, coordination_messages]
          scopes: [nation]
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Arms_that_differ_only_after_a_tick_share_their_prefix_and_equal_full_runs_byte_for_byte()
    {
        string file = _dir.Write("start-ticks.yaml", StartTicks);
        var shared = await CliHarness.RunAsync("batch", file, "--out", _dir.Combine("shared"), "--engine", "reference");
        var whole = await CliHarness.RunAsync("batch", file, "--out", _dir.Combine("whole"), "--engine", "reference", "--no-shared-prefix", "--quiet");

        Assert.True(shared.ExitCode == ExitCodes.Ok, shared.ToString());
        Assert.True(whole.ExitCode == ExitCodes.Ok, whole.ToString());
        // Per replicate the arms starting at 14 and 20 are the same run before tick 14 (the arm at 8 parts at 8: too short to share with them).
        Assert.Contains("shared prefixes: 2 for 4 runs, 28 run-ticks not recomputed", shared.Out);
        EnsembleAssert.SameResults(_dir.Combine("whole"), _dir.Combine("shared"));
        string where = CliHarness.ReadJson(_dir.Combine("shared", "runs", "20-r01", "manifest.json")).GetProperty("where").GetString()!;
        Assert.Contains("ticks 0-13 from the shared prefix", where);
    }

    /// <summary>
    /// A fork writes declared outputs only from its checkpoint on, so runs that declare outputs must run
    /// whole: sharing a prefix would leave their outputs/ without the ticks before it.
    /// </summary>
    [Fact]
    public async Task Runs_that_declare_outputs_share_no_prefix_and_write_every_due_tick()
    {
        _dir.Write("with-outputs.yaml", TestYaml.Valid.Replace("ticks: 12", "ticks: 26") + "\noutputs:\n  series: { scopes: [county], metrics: [cloud_adoption], every: 1 }\n");
        string file = _dir.Write("start-ticks-outputs.yaml", StartTicks.Replace("scenario: small", "scenario: with-outputs.yaml"));
        var result = await CliHarness.RunAsync("batch", file, "--out", _dir.Combine("out"), "--engine", "reference");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.DoesNotContain("shared prefixes:", result.Out);
        var files = Directory.GetFiles(_dir.Combine("out", "runs", "20-r01", "outputs"), "*.parquet", SearchOption.AllDirectories)
            .Select(Path.GetFileName).ToList();
        Assert.Contains("tick-000000.parquet", files); // a tick before the prefix the arms at 14 and 20 would share
        Assert.Equal(26, files.Count);
        Assert.DoesNotContain("shared prefix", CliHarness.ReadJson(_dir.Combine("out", "runs", "20-r01", "manifest.json")).GetProperty("where").GetString()!);
    }

    [Fact]
    public async Task A_batch_on_a_cluster_where_nothing_answers_exits_3_quickly_and_runs_nothing()
    {
        string file = _dir.Write("start-ticks.yaml", StartTicks);
        var result = await CliHarness.RunAsync("batch", file, "--out", _dir.Combine("out"), "--engine", "reference", "--cluster", "127.0.0.1:1", "--quiet");

        Assert.True(result.ExitCode == ExitCodes.ClusterUnavailable, result.ToString());
        Assert.Contains("127.0.0.1:1", result.Error);
        Assert.Empty(Directory.GetDirectories(_dir.Combine("out", "runs")));
    }
}
