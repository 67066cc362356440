using OrleansGov.Client;
using OrleansGov.Client.Results.Outputs;
using OrleansGov.Tests.Cli;

namespace OrleansGov.Tests.Outputs;

/// <summary>A batch whose scenario declares outputs writes them in every run's folder, as <c>run</c> does.</summary>
public sealed class OutputsBatchTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Every_run_of_a_batch_writes_its_declared_outputs()
    {
        _dir.Write("declared.yaml", """
            name: declared
            ticks: 10
            provinces: [{ name: a, cities: 1, counties: 3 }]
            outputs: { snapshots: { kinds: [department], every: 5 } }
            """);
        string experiment = _dir.Write("tiny.yaml", """
            name: tiny
            scenario: declared.yaml
            seed: 3
            replicates: 2
            factors:
              mode: [loose, collaborative]
            """);
        string output = _dir.Combine("batch");

        var result = await CliHarness.RunAsync("batch", experiment, "--out", output, "--engine", "reference", "--quiet");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var runs = Directory.GetDirectories(Path.Combine(output, "runs"));
        Assert.Equal(4, runs.Length);
        foreach (string run in runs)
        {
            var index = OutputIndex.Read(Path.Combine(run, OutputWriter.IndexFile));
            Assert.True(index.Complete, index.Problem);
            Assert.Equal([4, 9], index.Files.Select(f => f.Tick));
        }
    }
}
