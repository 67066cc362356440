using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OrleansGov.Client.Hosting;

/// <summary>
/// What <c>--cluster</c> names: one gateway <c>HOST:PORT</c>, a list of them (<c>HOST:PORT,HOST:PORT</c>),
/// or a cluster's membership store <c>redis://HOST:PORT</c>, from which the client discovers every live
/// gateway; any form may end in <c>/CLUSTER-ID</c>, which defaults to the standalone silo's, <c>dev</c>.
/// </summary>
/// <param name="Redis">The membership store, or null for a gateway list.</param>
public sealed record ClusterTarget(IReadOnlyList<(string Host, int Port)> Gateways, (string Host, int Port)? Redis, string ClusterId)
{
    public override string ToString() => Redis is { } r
        ? $"redis://{r.Host}:{r.Port}/{ClusterId}"
        : string.Join(',', Gateways.Select(g => $"{g.Host}:{g.Port}")) + $"/{ClusterId}";
}

/// <summary>Parses and resolves <c>--cluster</c>.</summary>
public static class ClusterAddress
{
    private const string RedisScheme = "redis://";

    /// <summary>Checks the forms without resolving any host.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ClusterTarget? target, [NotNullWhen(false)] out string? problem)
    {
        target = null;
        string clusterId = OrleansGovClientDefaults.ClusterId;
        bool redis = text.StartsWith(RedisScheme, StringComparison.OrdinalIgnoreCase);
        string rest = redis ? text[RedisScheme.Length..] : text;
        int slash = rest.IndexOf('/');
        if (slash >= 0)
        {
            clusterId = rest[(slash + 1)..];
            rest = rest[..slash];
            if (clusterId.Length == 0 || !clusterId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                problem = "the cluster id after '/' must be letters, digits, '-', '_' or '.'";
                return false;
            }
        }
        if (redis)
        {
            if (!TryParseEndpoint(rest, out var store, out problem))
            {
                problem = "expected redis://HOST:PORT[/CLUSTER-ID]: " + problem;
                return false;
            }
            target = new ClusterTarget([], store, clusterId);
            return true;
        }
        var gateways = new List<(string, int)>();
        foreach (string part in rest.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!TryParseEndpoint(part, out var gateway, out problem))
            {
                return false;
            }
            gateways.Add(gateway.Value);
        }
        target = new ClusterTarget(gateways, null, clusterId);
        problem = null;
        return true;
    }

    private static bool TryParseEndpoint(string text, [NotNullWhen(true)] out (string Host, int Port)? address, [NotNullWhen(false)] out string? problem)
    {
        address = null;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            problem = "expected HOST:PORT, e.g. 127.0.0.1:30000 (several separated by commas), or redis://HOST:PORT";
            return false;
        }
        string host = text[..colon].Trim('[', ']');
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            problem = "the port must be a number from 1 to 65535";
            return false;
        }
        address = (host, port);
        problem = null;
        return true;
    }

    /// <summary>Resolves HOST:PORT to an IP endpoint (IPv4 preferred).</summary>
    public static async Task<IPEndPoint> ResolveAsync(string host, int port, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var ip))
        {
            return new IPEndPoint(ip, port);
        }
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.First();
        return new IPEndPoint(chosen, port);
    }

    /// <summary>Resolves a single gateway <c>HOST:PORT</c> (the form every verb has always taken).</summary>
    public static async Task<IPEndPoint> ResolveAsync(string text, CancellationToken cancellationToken)
    {
        if (!TryParse(text, out var target, out string? problem))
        {
            throw new ArgumentException(problem);
        }
        if (target.Redis is not null || target.Gateways.Count != 1)
        {
            throw new ArgumentException($"{text} is not a single gateway HOST:PORT");
        }
        var (host, port) = target.Gateways[0];
        return await ResolveAsync(host, port, cancellationToken);
    }
}
