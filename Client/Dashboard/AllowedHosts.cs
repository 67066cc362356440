using System.Net;
using System.Net.NetworkInformation;

namespace OrleansGov.Client.Dashboard;

/// <summary>
/// The names a request's <c>Host</c> may carry: the addresses the dashboard serves on (and their loopback
/// names), plus any given with <c>--allowed-host</c>. Anything else is refused, so a page on another site
/// whose DNS name was rebound to this machine cannot read the dashboard (DNS rebinding; issue 14, item 14).
/// </summary>
public sealed class AllowedHosts
{
    private readonly HashSet<string> _names;

    public AllowedHosts(IPAddress listen, IEnumerable<string> extra)
    {
        _names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (IPAddress.IsLoopback(listen))
        {
            AddLoopback();
        }
        else if (listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any))
        {
            AddLoopback();
            _names.Add(Dns.GetHostName());
            foreach (var address in LocalAddresses())
            {
                _names.Add(Normal(address));
            }
        }
        else
        {
            _names.Add(Normal(listen));
        }
        foreach (var name in extra)
        {
            _names.Add(name.Trim().TrimEnd('.'));
        }
    }

    /// <summary>The allowed names, sorted (for messages).</summary>
    public IReadOnlyList<string> Names => _names.Order(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Is <paramref name="hostHeader"/> (name or address, with or without a port) one of ours?</summary>
    public bool Allows(string? hostHeader)
    {
        if (string.IsNullOrEmpty(hostHeader))
        {
            return false;
        }
        string host = hostHeader;
        if (host.StartsWith('['))
        {
            int close = host.IndexOf(']');
            host = close < 0 ? host : host[..(close + 1)];
        }
        else if (host.Count(c => c == ':') == 1)
        {
            host = host[..host.IndexOf(':')];
        }
        return _names.Contains(host.TrimEnd('.'));
    }

    private void AddLoopback()
    {
        _names.Add("localhost");
        _names.Add("127.0.0.1");
        _names.Add("[::1]");
    }

    private static string Normal(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private static IEnumerable<IPAddress> LocalAddresses()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(u => u.Address)
                .Select(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && a.ScopeId != 0 ? new IPAddress(a.GetAddressBytes()) : a)
                .ToList();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
