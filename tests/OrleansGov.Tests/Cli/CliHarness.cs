using System.Text.Json;
using OrleansGov.Client;
using OrleansGov.Engine;
using OrleansGov.Metrics;

namespace OrleansGov.Tests.Cli;

/// <summary>What one in-process invocation of the CLI returned and printed.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs the <c>orleansgov</c> entry point in-process, with captured output.</summary>
public static class CliHarness
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    public static async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken,
        Action<TickMetrics>? afterTick = null, Func<ISimulationEngine, ISimulationEngine>? wrapEngine = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = CliContext.ForWriters(output, error, afterTick, wrapEngine);
        int exit = await CliApp.RunAsync(args, context, cancellationToken);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public static JsonElement ReadJson(string path) => JsonDocument.Parse(File.ReadAllBytes(path)).RootElement;
}

/// <summary>A temporary folder deleted after the test; tests never depend on the working directory.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orleansgov-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes <paramref name="text"/> to a file in this folder and returns its path.</summary>
    public string Write(string name, string text)
    {
        string path = Combine(name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
