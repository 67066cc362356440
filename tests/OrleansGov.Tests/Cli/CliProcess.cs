using System.Diagnostics;

namespace OrleansGov.Tests.Cli;

/// <summary>
/// The real <c>orleansgov</c> as a child process (the build's orleansgov.dll under <c>dotnet</c>), for
/// what an in-process run cannot show: a kill -9, a file-size limit, a console that fails. Always
/// killed and reaped on dispose, whatever the test did.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;

    private CliProcess(Process process) => _process = process;

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "orleansgov.dll");

    /// <summary>Starts <c>bash -c "PREFIX; exec dotnet orleansgov.dll ARGS"</c>, so a test can set ulimits or redirect.</summary>
    public static CliProcess Start(string shellPrefix, string shellSuffix, params string[] args)
    {
        string command = $"{shellPrefix}; exec dotnet {Quote(Dll)} {string.Join(' ', args.Select(Quote))} {shellSuffix}";
        var info = new ProcessStartInfo("bash", ["-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Double-mapped code memory needs a file as large as the code heap: under `ulimit -f` the runtime would not start.
        info.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        return new CliProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start bash"));
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the exit (failing the test after <paramref name="timeout"/>); returns exit code and both outputs.</summary>
    public async Task<CliResult> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var stdout = _process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = _process.StandardError.ReadToEndAsync(cancel.Token);
        await _process.WaitForExitAsync(cancel.Token);
        return new CliResult(_process.ExitCode, await stdout, await stderr);
    }

    /// <summary>SIGKILL, then reap the process so its pid is really gone.</summary>
    public void Kill9()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Kill9();
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''") + "'";
}
