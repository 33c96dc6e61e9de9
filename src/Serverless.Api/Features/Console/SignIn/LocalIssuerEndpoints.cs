using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Serverless.Api.Auth;
using Serverless.Core.Data;

namespace Serverless.Api.Features.Console.SignIn;

/// <summary>
/// A tiny OIDC issuer for local use only (Development with the local signing key): an authorization
/// endpoint that is a login page (tenant, who you are, role: the CLI's <c>token mint</c> behind a form)
/// and a token endpoint that checks the PKCE verifier and mints the same HS256 token the CLI does. It lets
/// the console run the real authorization-code flow locally, so a reviewer never handles a raw JWT. It is
/// never mapped outside Development: there, the API refuses to start with a signing key at all.
/// </summary>
public static class LocalIssuerEndpoints
{
    public const string ClientId = "serverless-console";
    private const string Prefix = "/local-oidc";
    private static readonly string[] Roles = ["viewer", "reviewer", "editor", "admin"];
    private const string PagePolicy = "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static bool IsEnabled(IHostEnvironment environment, JwtOptions jwt) =>
        environment.IsDevelopment() && !string.IsNullOrEmpty(jwt.SigningKey);

    public static WebApplication MapLocalIssuer(this WebApplication app)
    {
        if (!IsEnabled(app.Environment, app.Services.GetRequiredService<IOptions<JwtOptions>>().Value))
        {
            return app;
        }
        var issuer = app.MapGroup(Prefix).AllowAnonymous().ExcludeFromDescription();
        issuer.MapGet("/.well-known/openid-configuration", Discovery);
        issuer.MapGet("/authorize", (HttpContext http) => Page(http, null));
        issuer.MapPost("/authorize", Authorize);
        issuer.MapPost("/token", Token);
        return app;
    }

    public static string Authority(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{Prefix}";

    private static string ConsoleUri(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/console/";

    private static IResult Discovery(HttpContext http)
    {
        var authority = Authority(http.Request);
        var document = new DiscoveryDocument(authority, $"{authority}/authorize", $"{authority}/token", ["code"], ["authorization_code"], ["S256"]);
        return TypedResults.Bytes(JsonSerializer.SerializeToUtf8Bytes(document, SignInJsonContext.Default.DiscoveryDocument), "application/json");
    }

    /// <summary>The request's OAuth parameters, or why they are refused (shown on the page, never redirected: the redirect is what is in doubt).</summary>
    private static (Dictionary<string, string> Values, string? Error) Parameters(HttpRequest request, IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> source)
    {
        var values = source.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        string Get(string name) => values.TryGetValue(name, out var v) ? v : "";
        string? error = null;
        if (Get("response_type") != "code") error = "response_type must be code.";
        else if (Get("client_id") != ClientId) error = $"Unknown client_id; the local issuer serves only {ClientId}.";
        else if (Get("redirect_uri") != ConsoleUri(request)) error = "redirect_uri must be this API's console.";
        else if (Get("code_challenge_method") != "S256" || Get("code_challenge").Length is < 43 or > 128) error = "PKCE is required: code_challenge with code_challenge_method S256.";
        else if (Get("state").Length is 0 or > 256) error = "state is required.";
        return (values, error);
    }

    private static IResult Page(HttpContext http, string? problem, Dictionary<string, string>? posted = null)
    {
        var (values, error) = posted is null ? Parameters(http.Request, http.Request.Query) : (posted, null);
        var html = HtmlEncoder.Default;
        var page = new StringBuilder("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Sign in · local issuer</title><link rel="stylesheet" href="../console/console.css"></head><body>
            <header class="bar"><h1 class="brand"><span class="mark" aria-hidden="true">◆</span> Local sign-in</h1></header>
            <main class="sign-in"><form class="card narrow" method="post" action="authorize">
            <h2>Sign in to the review console</h2>
            <p class="hint">The project's local OIDC issuer (Development only): it stands in for Cognito and signs the token with the local key.</p>
            """);
        if (error is not null || problem is not null)
        {
            page.Append(CultureInvariant($"<p class=\"error\" role=\"alert\">{html.Encode(error ?? problem!)}</p>"));
        }
        if (error is null)
        {
            foreach (var name in new[] { "response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method" })
            {
                page.Append(CultureInvariant($"<input type=\"hidden\" name=\"{name}\" value=\"{html.Encode(values.GetValueOrDefault(name, ""))}\">"));
            }
            page.Append(CultureInvariant($"""
                <label for="tenant">Tenant (its slug)</label><input id="tenant" name="tenant" required autocomplete="organization" value="{html.Encode(values.GetValueOrDefault("tenant", ""))}">
                <label for="subject">Your email</label><input id="subject" name="subject" type="email" required autocomplete="email" value="{html.Encode(values.GetValueOrDefault("subject", ""))}">
                <label for="role">Role</label><select id="role" name="role">
                """));
            foreach (var role in Roles)
            {
                var selected = values.GetValueOrDefault("role", "reviewer") == role ? " selected" : "";
                page.Append(CultureInvariant($"<option value=\"{role}\"{selected}>{role}</option>"));
            }
            page.Append("</select><div class=\"row\"><button type=\"submit\" class=\"primary\">Continue</button></div>");
        }
        page.Append("</form></main></body></html>");
        http.Response.Headers.ContentSecurityPolicy = PagePolicy;
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Content(page.ToString(), "text/html; charset=utf-8", statusCode: error is null && problem is null ? 200 : 400);
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static async Task<IResult> Authorize(HttpContext http, Databases databases, LocalCodes codes, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return TypedResults.Problem(statusCode: 415, title: "Unsupported media type", detail: "Post the login form.");
        }
        var form = await http.Request.ReadFormAsync(ct);
        var (values, error) = Parameters(http.Request, form);
        if (error is not null)
        {
            return Page(http, error, values);
        }
        var slug = values.GetValueOrDefault("tenant", "").Trim();
        var subject = values.GetValueOrDefault("subject", "").Trim();
        var role = values.GetValueOrDefault("role", "");
        if (subject.Length is 0 or > 254 || !Roles.Contains(role))
        {
            return Page(http, "Give your email and one of the roles.", values);
        }
        await using var find = databases[DataSourceKind.Primary].CreateCommand("SELECT resolve_public_tenant($1)");
        find.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = slug });
        if (await find.ExecuteScalarAsync(ct) is not Guid tenantId)
        {
            return Page(http, $"There is no tenant '{slug}'.", values);
        }
        var code = codes.Issue(tenantId, subject, role, ClientId, values["redirect_uri"], values["code_challenge"]);
        var target = $"{values["redirect_uri"]}?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(values["state"])}";
        return TypedResults.Redirect(target);
    }

    private static async Task<IResult> Token(HttpContext http, LocalCodes codes, IOptions<JwtOptions> jwt, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return Refused("invalid_request", "Post application/x-www-form-urlencoded.");
        }
        var form = await http.Request.ReadFormAsync(ct);
        if (form["grant_type"] != "authorization_code")
        {
            return Refused("unsupported_grant_type", "Only authorization_code.");
        }
        var grant = codes.Redeem(form["code"].ToString(), form["code_verifier"].ToString(), form["client_id"].ToString(), form["redirect_uri"].ToString());
        if (grant is null)
        {
            return Refused("invalid_grant", "The code is unknown, used, expired, or its verifier, client or redirect does not match.");
        }
        var lifetime = TimeSpan.FromHours(1);
        var settings = jwt.Value;
        var token = LocalTokens.Mint(settings.SigningKey!, settings.Issuer, settings.Audience, grant.TenantId, grant.Subject, grant.Role, lifetime);
        http.Response.Headers.CacheControl = "no-store";
        var answer = new TokenAnswer(token, token, "Bearer", (int)lifetime.TotalSeconds);
        return TypedResults.Bytes(JsonSerializer.SerializeToUtf8Bytes(answer, SignInJsonContext.Default.TokenAnswer), "application/json");
    }

    // OAuth clients read "error"; the rest of the answer is our usual Problem Details.
    private static IResult Refused(string error, string detail) =>
        TypedResults.Problem(statusCode: 400, type: $"urn:serverless:problem:{error.Replace('_', '-')}", title: "Token request refused", detail: detail,
            extensions: new Dictionary<string, object?> { ["error"] = error });
}
