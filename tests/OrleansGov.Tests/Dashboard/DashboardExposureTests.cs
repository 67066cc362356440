using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OrleansGov.Client.Dashboard;
using OrleansGov.Tests.Cli;
using Serilog;

namespace OrleansGov.Tests.Dashboard;

/// <summary>
/// Issue 14, item 14: HTTPS with a certificate made here, the token required for reads on request, and
/// the warning printed when the dashboard listens beyond loopback.
/// </summary>
public sealed class DashboardExposureTests : IAsyncLifetime
{
    private const string Token = "exposure-token-0123";
    private readonly TempDir _dir = new();
    private DashboardServer _server = null!;
    private X509Certificate2 _certificate = null!;

    public async Task InitializeAsync()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        string cert = _dir.Write("cert.pem", _certificate.ExportCertificatePem());
        string key = _dir.Write("key.pem", rsa.ExportPkcs8PrivateKeyPem());
        var logger = new LoggerConfiguration().MinimumLevel.Error().CreateLogger();
        _server = await DashboardServer.StartAsync(
            new DashboardOptions("127.0.0.1", 0, null, _dir.Combine("results"), Token) { TlsCert = cert, TlsKey = key, TokenForReads = true },
            logger, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificate.Dispose();
        _dir.Dispose();
    }

    private HttpClient Https() => new(new HttpClientHandler
    {
        // Trust exactly the certificate made for this test.
        ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == _certificate.Thumbprint,
    })
    { BaseAddress = new Uri(_server.Url), Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task Serves_https_with_the_given_certificate_and_plain_http_gets_nothing()
    {
        Assert.StartsWith("https://127.0.0.1:", _server.Url);
        using var https = Https();
        using (var page = await https.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var http = new UriBuilder(_server.Url) { Scheme = "http" }.Uri;
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync(new Uri(http, "/api/presets")));
    }

    [Fact]
    public async Task With_token_for_reads_every_read_but_the_page_needs_the_token_in_a_header_or_the_page_cookie()
    {
        using var https = Https();
        foreach (var open in new[] { "/", "/static/app.js" })
        {
            using var response = await https.GetAsync(open);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        foreach (var closed in new[] { "/api/runs", "/api/presets", "/api/runs/x/metrics", "/orleans/" })
        {
            using var response = await https.GetAsync(closed);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("--token-for-reads", DashboardHardeningTests.Error(await response.Content.ReadAsStringAsync()));
        }
        var withHeader = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
        withHeader.Headers.Add(ApiSecurity.TokenHeader, Token);
        using (var ok = await https.SendAsync(withHeader))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        var withCookie = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
        withCookie.Headers.Add("Cookie", $"{ApiSecurity.TokenCookie}={Token}");
        using (var ok = await https.SendAsync(withCookie))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        // The cookie never authorises a state change (any site's form could send it).
        var post = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = new StringContent("""{"preset":"small","ticks":1}""", System.Text.Encoding.UTF8, "application/json") };
        post.Headers.Add("Cookie", $"{ApiSecurity.TokenCookie}={Token}");
        using (var refused = await https.SendAsync(post))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
    }

    [Fact]
    public async Task Listening_beyond_loopback_warns_that_reads_are_open_and_the_token_travels_in_clear()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync(); // print the warnings, then stop before serving anything
        var result = await CliHarness.RunAsync(["dashboard", "--host", "0.0.0.0", "--port", "0", "--results", _dir.Combine("r2")], cancelled.Token);
        Assert.Contains("reads need no token", result.Error);
        Assert.Contains("--token-for-reads", result.Error);
        Assert.Contains("the token travels in clear", result.Error);
        var quiet = await CliHarness.RunAsync(["dashboard", "--port", "0", "--results", _dir.Combine("r3")], cancelled.Token);
        Assert.DoesNotContain("warning", quiet.Error);
    }

    [Fact]
    public async Task Tls_options_go_together_and_name_existing_files()
    {
        var alone = await CliHarness.RunAsync("dashboard", "--tls-cert", _dir.Combine("cert.pem"), "--port", "0");
        Assert.Equal(2, alone.ExitCode);
        Assert.Contains("go together", alone.Error);
        var missing = await CliHarness.RunAsync("dashboard", "--tls-cert", _dir.Combine("nope.pem"), "--tls-key", _dir.Combine("key.pem"), "--port", "0");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.pem", missing.Error);
    }
}
