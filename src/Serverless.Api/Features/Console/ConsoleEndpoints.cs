using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Serverless.Api.Features.Console.SignIn;
using Serverless.Core.Configuration;

namespace Serverless.Api.Features.Console;

/// <summary>
/// The reviewer console at <c>/console/</c>: plain HTML, CSS and ES modules embedded in the assembly, so the
/// same files ship in the Native AOT executable with no wwwroot beside it. The page is public (it holds no
/// data); every call it makes carries the reviewer's token and goes through the normal API policies.
/// </summary>
public static class ConsoleEndpoints
{
    private const string Prefix = "console/";

    // Scripts and styles only from this origin; the token is sent only to this API (and, for single
    // sign-on, the code to the issuer's token endpoint: its origins join connect-src).
    private const string PolicyFormat =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'{0}; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, byte[]> Files = Load();

    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddClosedOptions<ConsoleSignInOptions>().BindConfiguration(ConsoleSignInOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.Authority) || (Uri.TryCreate(o.Authority, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps && !string.IsNullOrWhiteSpace(o.ClientId)),
                "Console:SignIn:Authority must be an https URL, with Console:SignIn:ClientId set.")
            .ValidateOnStart();
        builder.Services.AddSingleton<LocalCodes>();
        return builder;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        app.MapLocalIssuer();
        var console = app.MapGroup("/console").AllowAnonymous().ExcludeFromDescription();
        console.MapGet("/config.json", Config);
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
        headers.ContentSecurityPolicy = Policy(http.RequestServices.GetRequiredService<IOptions<ConsoleSignInOptions>>().Value);
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.Bytes(bytes, ContentType(file));
    }

    /// <summary>How the console signs people in: the configured issuer, else (locally) the API's own local issuer, else pasted tokens only.</summary>
    private static IResult Config(HttpContext http, IOptions<ConsoleSignInOptions> options, IHostEnvironment environment, IOptions<Auth.JwtOptions> jwt)
    {
        var o = options.Value;
        var config = !string.IsNullOrWhiteSpace(o.Authority)
            ? new ConsoleConfig(o.Authority.TrimEnd('/'), o.ClientId, o.Scope)
            : LocalIssuerEndpoints.IsEnabled(environment, jwt.Value)
                ? new ConsoleConfig(LocalIssuerEndpoints.Authority(http.Request), LocalIssuerEndpoints.ClientId, "openid")
                : new ConsoleConfig(null, null, null);
        http.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(JsonSerializer.SerializeToUtf8Bytes(config, SignInJsonContext.Default.ConsoleConfig), "application/json");
    }

    private static string Policy(ConsoleSignInOptions signIn)
    {
        var origins = new List<string>();
        if (Uri.TryCreate(signIn.Authority, UriKind.Absolute, out var authority))
        {
            origins.Add(authority.GetLeftPart(UriPartial.Authority));
        }
        foreach (var origin in (signIn.ConnectOrigins ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Uri.TryCreate(origin, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps)
            {
                origins.Add(u.GetLeftPart(UriPartial.Authority));
            }
        }
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, PolicyFormat, string.Concat(origins.Distinct().Select(o => " " + o)));
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
