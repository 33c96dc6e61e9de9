using System.Collections.Frozen;

namespace Serverless.Api.Features.Console;

/// <summary>
/// The reviewer console at <c>/console/</c>: plain HTML, CSS and ES modules embedded in the assembly, so the
/// same files ship in the Native AOT executable with no wwwroot beside it. The page is public (it holds no
/// data); every call it makes carries the reviewer's token and goes through the normal API policies.
/// </summary>
public static class ConsoleEndpoints
{
    private const string Prefix = "console/";

    // Scripts and styles only from this origin; the token is sent only to this API.
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, byte[]> Files = Load();

    public static WebApplication MapConsole(this WebApplication app)
    {
        var console = app.MapGroup("/console").AllowAnonymous().ExcludeFromDescription();
        // "/console" and "/console/" reach the same route; without the trailing slash the page's relative
        // URLs (its modules, ../v1/...) would miss, so that one is redirected.
        console.MapGet("/", (HttpContext http) => http.Request.Path.Value?.EndsWith('/') == true
            ? Serve(http, "index.html")
            : TypedResults.Redirect($"{http.Request.PathBase}/console/"));
        console.MapGet("/{file}", (HttpContext http, string file) => Serve(http, file));
        return app;
    }

    private static IResult Serve(HttpContext http, string file)
    {
        if (!Files.TryGetValue(file, out var bytes))
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "The console has no such file.");
        }
        var headers = http.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.Bytes(bytes, ContentType(file));
    }

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = typeof(ConsoleEndpoints).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name[Prefix.Length..]] = copy.ToArray();
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
