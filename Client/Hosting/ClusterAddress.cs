using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OrleansGov.Client.Hosting;

/// <summary>Parses and resolves <c>--cluster HOST:PORT</c>.</summary>
public static class ClusterAddress
{
    /// <summary>Checks the form HOST:PORT (IPv6 as [ADDR]:PORT) without resolving the host.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out (string Host, int Port)? address, [NotNullWhen(false)] out string? problem)
    {
        address = null;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            problem = "expected HOST:PORT, e.g. 127.0.0.1:30000";
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
    public static async Task<IPEndPoint> ResolveAsync(string text, CancellationToken cancellationToken)
    {
        if (!TryParse(text, out var address, out string? problem))
        {
            throw new ArgumentException(problem);
        }
        var (host, port) = address.Value;
        if (IPAddress.TryParse(host, out var ip))
        {
            return new IPEndPoint(ip, port);
        }
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.First();
        return new IPEndPoint(chosen, port);
    }
}
