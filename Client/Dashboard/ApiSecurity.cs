using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OrleansGov.Client.Dashboard;

/// <summary>
/// Guards every request. The <c>Host</c> header must name an address the dashboard serves on (421
/// otherwise: DNS rebinding). State-changing requests (anything but GET/HEAD) must come from the page's
/// own origin (403) and carry the token in <c>X-OrleansGov-Token</c> or <c>Authorization: Bearer</c>
/// (401). Reads need no token, unless <paramref name="tokenForReads"/>: then every read but the page and
/// its static files needs it too (header, Bearer, or the <c>og_token</c> cookie the page sets for its
/// event streams, which cannot send headers).
/// </summary>
public sealed class ApiSecurity(string token, AllowedHosts hosts, bool tokenForReads = false)
{
    public const string TokenHeader = "X-OrleansGov-Token";
    public const string TokenCookie = "og_token";
    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    /// <summary>A fresh random token (128 bits, hex).</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!hosts.Allows(request.Host.Value))
        {
            await Refuse(context, StatusCodes.Status421MisdirectedRequest,
                $"Host '{request.Host.Value}' is not an address this dashboard serves on ({string.Join(", ", hosts.Names)}); start it with --allowed-host NAME to serve a name");
            return;
        }
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            if (tokenForReads && !IsPage(request.Path) && !HasToken(request, cookieToo: true))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Refuse(context, StatusCodes.Status401Unauthorized,
                    $"this dashboard requires the token for reads too (--token-for-reads): send it in the {TokenHeader} header");
                return;
            }
            await next(context);
            return;
        }
        if (IsCrossOrigin(request))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "cross-origin requests are refused");
            return;
        }
        if (!HasToken(request, cookieToo: false))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Refuse(context, StatusCodes.Status401Unauthorized,
                $"this request changes state: send the dashboard's token (printed at startup) in the {TokenHeader} header");
            return;
        }
        await next(context);
    }

    /// <summary>The page and its files: served without a token, so the page can load and take it from the link.</summary>
    private static bool IsPage(PathString path) => path == "/" || path.StartsWithSegments("/static");

    /// <summary>An Origin other than this server's, or a browser saying the request comes from another site.</summary>
    private static bool IsCrossOrigin(HttpRequest request)
    {
        string? origin = request.Headers.Origin;
        if (!string.IsNullOrEmpty(origin) && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        string? site = request.Headers["Sec-Fetch-Site"];
        return site is "cross-site" or "same-site";
    }

    /// <summary>The token from the header or Bearer; for reads also from the cookie (never for writes: a cookie is sent by any page's form).</summary>
    private bool HasToken(HttpRequest request, bool cookieToo)
    {
        string? given = request.Headers[TokenHeader];
        if (string.IsNullOrEmpty(given))
        {
            string? authorization = request.Headers.Authorization;
            if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                given = authorization["Bearer ".Length..].Trim();
            }
        }
        if (string.IsNullOrEmpty(given) && cookieToo)
        {
            given = request.Cookies[TokenCookie];
        }
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _token);
    }

    private static Task Refuse(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = reason });
    }
}
