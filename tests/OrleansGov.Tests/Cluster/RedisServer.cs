using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrleansGov.Tests.Cluster;

/// <summary>
/// A real <c>redis-server</c> (Debian's package) on a free loopback port, started for a test and stopped
/// by its pid. Tests that need one use <see cref="RedisFactAttribute"/>: skipped with the reason when the
/// binary is missing, except under CI=true, where .ci/run installs it and a missing one must fail.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public static string? Binary { get; } = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);

    public static async Task<RedisServer> StartAsync()
    {
        var binary = Binary ?? throw new InvalidOperationException("redis-server is not installed (apt-get install -y redis-server).");
        int port = FreePort();
        var process = Process.Start(new ProcessStartInfo(binary, ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

/// <summary>A fact that needs <c>redis-server</c>: skipped (with the reason) where it is not installed, never under CI=true.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisServer.Binary is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "redis-server is not installed (apt-get install -y redis-server; .ci/run installs it)";
        }
    }
}
