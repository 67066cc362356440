using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace OrleansGov.Hosting;

/// <summary>
/// Mutual TLS for silo-to-silo and client-to-gateway connections (Microsoft.Orleans.Connections.Security):
/// each side presents its certificate and accepts only peers whose certificate chains to the cluster's
/// own certificate authority (no system roots, no host-name check: members are known by their CA).
/// </summary>
public static class OrleansGovTls
{
    /// <summary>The TLS host name members present to each other (every member certificate carries it).</summary>
    public const string HostName = "orleansgov";

    public static ISiloBuilder UseOrleansGovTls(this ISiloBuilder silo, TlsSettings tls)
    {
        var (certificate, authority) = Load(tls);
        return silo.UseTls(certificate, options => Configure(options, authority));
    }

    public static IClientBuilder UseOrleansGovTls(this IClientBuilder client, TlsSettings tls)
    {
        var (certificate, authority) = Load(tls);
        return client.UseTls(certificate, options => Configure(options, authority));
    }

    private static (X509Certificate2 Certificate, X509Certificate2 Authority) Load(TlsSettings tls) =>
        (X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.Password),
         X509CertificateLoader.LoadCertificateFromFile(tls.AuthorityPath));

    private static void Configure(TlsOptions options, X509Certificate2 authority)
    {
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.OnAuthenticateAsClient = (_, ssl) => ssl.TargetHost = HostName;
        options.RemoteCertificateValidation = (certificate, _, errors) => IsSignedBy(certificate, authority, errors);
    }

    /// <summary>True when <paramref name="certificate"/> chains to <paramref name="authority"/> (and nothing else is wrong but the unknown root).</summary>
    public static bool IsSignedBy(X509Certificate2? certificate, X509Certificate2 authority, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
