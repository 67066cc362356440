using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OrleansGov.Client.Dashboard;

/// <summary>
/// Guards every state-changing request (anything but GET/HEAD): cross-origin requests are refused
/// (403), and the dashboard's token must come in <c>X-OrleansGov-Token</c> or <c>Authorization: Bearer</c>
/// (401 otherwise). Reads need no token.
/// </summary>
public sealed class ApiSecurity(string token)
{
    public const string TokenHeader = "X-OrleansGov-Token";
    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    /// <summary>A fresh random token (128 bits, hex).</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            await next(context);
            return;
        }
        if (IsCrossOrigin(request))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "cross-origin requests are refused");
            return;
        }
        if (!HasToken(request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Refuse(context, StatusCodes.Status401Unauthorized,
                $"this request changes state: send the dashboard's token (printed at startup) in the {TokenHeader} header");
            return;
        }
        await next(context);
    }

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

    private bool HasToken(HttpRequest request)
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
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _token);
    }

    private static Task Refuse(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = reason });
    }
}
