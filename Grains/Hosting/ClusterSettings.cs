using System.Net;

namespace OrleansGov.Hosting;

/// <summary>
/// How a silo joins a real cluster (section <c>Silo</c> of the standalone silo's configuration):
/// the membership store, the ids, the address it advertises and its ports, and TLS.
/// </summary>
public sealed record ClusterSettings
{
    /// <summary>The Redis server that holds the membership table and the checkpoints, <c>HOST:PORT</c>.</summary>
    public required string Redis { get; init; }

    public string ClusterId { get; init; } = OrleansGovClient.DefaultClusterId;

    public string ServiceId { get; init; } = OrleansGovClient.DefaultServiceId;

    /// <summary>The address other silos and clients reach this silo at (this host's address on the cluster's network).</summary>
    public required IPAddress AdvertisedAddress { get; init; }

    public int SiloPort { get; init; } = 11111;

    public int GatewayPort { get; init; } = 30000;

    /// <summary>Mutual TLS between silos and with clients; null: plain TCP.</summary>
    public TlsSettings? Tls { get; init; }
}

/// <summary>
/// Mutual TLS: this member's certificate (PKCS#12 with its key) and the certificate authority that
/// signed every member's certificate; a peer whose certificate does not chain to it is refused.
/// </summary>
public sealed record TlsSettings(string CertificatePath, string? Password, string AuthorityPath)
{
    /// <summary>From <c>ORLEANSGOV_TLS_CERT</c>, <c>ORLEANSGOV_TLS_PASSWORD</c>, <c>ORLEANSGOV_TLS_CA</c> (null when the first is unset).</summary>
    public static TlsSettings? FromEnvironment()
    {
        string? certificate = Environment.GetEnvironmentVariable("ORLEANSGOV_TLS_CERT");
        if (string.IsNullOrEmpty(certificate))
        {
            return null;
        }
        string authority = Environment.GetEnvironmentVariable("ORLEANSGOV_TLS_CA")
            ?? throw new InvalidOperationException("ORLEANSGOV_TLS_CERT is set but ORLEANSGOV_TLS_CA (the certificate authority to trust) is not.");
        return new TlsSettings(certificate, Environment.GetEnvironmentVariable("ORLEANSGOV_TLS_PASSWORD"), authority);
    }
}
