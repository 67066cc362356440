using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace OrleansGov.Client.Dashboard;

/// <summary>The page and its vendored files, served from resources embedded in this assembly (nothing from a CDN).</summary>
public static class StaticAssets
{
    private const string Prefix = "dashboard/";

    public static void MapStaticAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Serve("index.html"));
        app.MapGet("/static/{**path}", (string path) => Serve(path));
    }

    private static IResult Serve(string path)
    {
        if (path.Contains("..", StringComparison.Ordinal))
        {
            return HttpResults.NotFound();
        }
        var stream = typeof(StaticAssets).Assembly.GetManifestResourceStream(Prefix + path);
        if (stream is null)
        {
            return HttpResults.NotFound();
        }
        return HttpResults.Stream(stream, ContentType(path));
    }

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".txt" => "text/plain; charset=utf-8",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
