// Load client for the dashboard's event streams (issue 14, item 11; figures in docs/RELIABILITY.md).
// Opens N Server-Sent-Event connections to one run from S loopback source addresses (127.0.0.2 …), reads
// them for T seconds, and meanwhile samples the dashboard's resident memory (/proc/PID/status) and times a
// plain GET /api/runs every second, so it shows both the memory ceiling and that the process still answers.
// Usage: dotnet run scripts/sse-load.cs -- URL RUN_ID PID [connections=1000] [sources=125] [seconds=30]
// (scripts/sse-load.sh starts a dashboard and a national run, then calls this.) Loopback only; bounded in count and time.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

var inv = CultureInfo.InvariantCulture;
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: sse-load.cs URL RUN_ID PID [connections] [sources] [seconds]");
    return 2;
}
var baseUrl = new Uri(args[0]);
string runId = args[1];
int pid = int.Parse(args[2], inv);
int connections = args.Length > 3 ? int.Parse(args[3], inv) : 1000;
int sources = args.Length > 4 ? int.Parse(args[4], inv) : 125;
int seconds = args.Length > 5 ? int.Parse(args[5], inv) : 30;
if (!IPAddress.IsLoopback(Dns.GetHostAddresses(baseUrl.Host)[0]))
{
    Console.Error.WriteLine("refusing: this load test only targets loopback addresses");
    return 2;
}

long Rss(string field)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith(field + ":", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], inv) * 1024;
        }
    }
    return 0;
}

HttpClient ClientFrom(IPAddress source) => new(new SocketsHttpHandler
{
    MaxConnectionsPerServer = int.MaxValue,
    PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    ConnectCallback = async (context, token) =>
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(context.DnsEndPoint, token);
        return new NetworkStream(socket, ownsSocket: true);
    },
})
{ BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };

var clients = Enumerable.Range(0, sources).Select(i => ClientFrom(IPAddress.Parse($"127.0.0.{2 + i % 250}"))).ToArray();
using var probe = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
long rssBefore = Rss("VmRSS"), hwmBefore = Rss("VmHWM"), rssMax = rssBefore, events = 0, bytes = 0;
int opened = 0, refused = 0, failed = 0;
var statuses = new Dictionary<int, int>();
var latencies = new List<double>();

async Task Stream(int i)
{
    var request = new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{Uri.EscapeDataString(runId)}/metrics");
    request.Headers.Accept.ParseAdd("text/event-stream");
    try
    {
        using var response = await clients[i % sources].SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
        lock (statuses)
        {
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
        }
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            Interlocked.Increment(ref refused);
            return;
        }
        Interlocked.Increment(ref opened);
        using var body = await response.Content.ReadAsStreamAsync(stop.Token);
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int n = await body.ReadAsync(buffer, stop.Token);
            if (n == 0)
            {
                break;
            }
            Interlocked.Add(ref bytes, n);
            Interlocked.Add(ref events, buffer.AsSpan(0, n).Count("\n\n"u8));
        }
    }
    catch (OperationCanceledException)
    {
    }
    catch (HttpRequestException)
    {
        Interlocked.Increment(ref failed);
    }
}

async Task Watch()
{
    while (!stop.IsCancellationRequested)
    {
        rssMax = Math.Max(rssMax, Rss("VmRSS"));
        var clock = Stopwatch.StartNew();
        try
        {
            using var answer = await probe.GetAsync("/api/runs", stop.Token);
            answer.EnsureSuccessStatusCode();
            lock (latencies)
            {
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        catch (OperationCanceledException)
        {
            break;
        }
        catch (HttpRequestException)
        {
            lock (latencies)
            {
                latencies.Add(double.PositiveInfinity);
            }
        }
        try
        {
            await Task.Delay(250, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

var watcher = Watch();
var streams = Enumerable.Range(0, connections).Select(Stream).ToArray();
await Task.WhenAll(streams);
await watcher;
latencies.Sort();
Console.WriteLine($"connections tried {connections} from {sources} loopback addresses for {seconds} s");
Console.WriteLine($"  answered: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}"))}; failed to connect: {failed}");
Console.WriteLine($"  streams held: {opened}; refused 429: {refused}; events received: {events:N0} ({bytes / 1e6:0.0} MB)");
Console.WriteLine($"  dashboard resident memory: before {rssBefore / 1e6:0} MB, highest sampled during the load {rssMax / 1e6:0} MB, after {Rss("VmRSS") / 1e6:0} MB");
Console.WriteLine($"  kernel high-water mark: {hwmBefore / 1e6:0} MB before the load (the run's start), {Rss("VmHWM") / 1e6:0} MB after");
Console.WriteLine($"  GET /api/runs during the load: {latencies.Count} answered, median {latencies[latencies.Count / 2]:0} ms, max {latencies[^1]:0} ms");
return 0;
