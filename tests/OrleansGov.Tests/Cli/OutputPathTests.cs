using System.Net;
using System.Net.Sockets;
using OrleansGov.Client;

namespace OrleansGov.Tests.Cli;

/// <summary>
/// Issue 14 item 7: an output path that cannot be a folder (or a dashboard port that is taken) is bad
/// input found before any silo starts: exit 2, one line, nothing written, no log noise.
/// </summary>
public sealed class OutputPathTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("run", "small", "--out")]
    [InlineData("batch", "experiment", "--out")]
    [InlineData("claims", "claims", "--out")]
    [InlineData("dashboard", null, "--results")]
    public async Task An_output_folder_that_is_a_file_is_bad_input_before_anything_starts(string verb, string? input, string option)
    {
        string file = _dir.Write("taken", "not a folder");
        string[] args = verb switch
        {
            "batch" => [verb, _dir.Write("e.yaml", "name: e\nscenario: small\nreplicates: 2\n"), option, file],
            "claims" => [verb, ClaimsFile(), option, file],
            "dashboard" => [verb, "--port", "0", option, file],
            _ => [verb, input!, option, file],
        };

        var result = await CliHarness.RunAsync(args);

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains($"{option} {file} is a file", result.Error);
        Assert.DoesNotContain("[ERR]", result.Error);
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public async Task A_folder_under_a_file_is_bad_input()
    {
        string file = _dir.Write("taken", "x");
        var result = await CliHarness.RunAsync("run", "small", "--out", Path.Combine(file, "deeper", "results"));
        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains("is a file, so no folder can be made under it", result.Error);
    }

    [Fact]
    public async Task A_taken_dashboard_port_is_bad_input_before_a_silo_starts()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await CliHarness.RunAsync("dashboard", "--port", port.ToString(), "--results", _dir.Combine("results"));

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains($"--port {port}", result.Error);
        Assert.DoesNotContain("[ERR]", result.Error);
        Assert.Equal("", result.Out); // no URL, no token: nothing started
    }

    private string ClaimsFile() => _dir.Write("c.yaml", """
        name: c
        scenario: small
        sesoi: { cloud_adoption: 0.05 }
        claims:
          - id: c1
            text: t
            label: { kind: encoded, argument: a test }
            metric: cloud_adoption
            arms: { a: { mode: loose }, b: { mode: authority } }
            conditions: [{ expect: a < b }]
        """);
}
