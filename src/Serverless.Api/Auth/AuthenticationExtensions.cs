using Serverless.Core.Configuration;
using Serverless.Lambda.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Serverless.Core.Tenants;
using Serverless.Lambda.Runtime;

namespace Serverless.Api.Auth;

public static class AuthenticationExtensions
{
    private const string TenantScheme = "Tenant";

    /// <summary>The key <c>UseAuthentication()</c> sets in a builder's properties (not a public ASP.NET Core constant).</summary>
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    /// <summary>The key <c>UseAuthorization()</c> sets, likewise.</summary>
    private const string AuthorizationMiddlewareSetKey = "__AuthorizationMiddlewareSet";

    /// <summary>
    /// Products authenticate with API keys, people with JWTs; both resolve to the same tenant claims.
    /// A request with <c>Authorization: Bearer</c> is judged by its token, one with a key by its key, and
    /// one with both by both (they must name the same tenant).
    /// </summary>
    public static WebApplicationBuilder AddTenantAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddClosedOptions<ApiKeyOptions>()
            .BindConfiguration(ApiKeyOptions.Section)
            .Validate(o => o.CacheSeconds is >= 0 and <= 30, "ApiKeys:CacheSeconds must be 0 to 30: revocation must take effect within 30 s.")
            .Validate(o => o.NegativeCacheSeconds is >= 0 and <= 60 && o.StaleSeconds is >= 0 and <= 3600,
                "ApiKeys:NegativeCacheSeconds must be 0 to 60 and ApiKeys:StaleSeconds 0 to 3600.")
            .ValidateOnStart();
        // Only a developer's machine may trust a shared secret: anyone holding it mints any tenant's token.
        var deployed = !builder.Environment.IsDevelopment() || LambdaEnvironment.IsLambda(builder.Configuration);
        builder.Services.AddClosedOptions<JwtOptions>()
            .BindConfiguration(JwtOptions.Section)
            .Validate(o => o.IsValid, "Jwt needs Issuer, Audience, and either Authority (OIDC) or a SigningKey of at least 32 bytes.")
            .Validate(o => !deployed || string.IsNullOrWhiteSpace(o.SigningKey),
                "Jwt:SigningKey is set, but outside Development (and always on Lambda) people's tokens must come from an OIDC issuer: remove the symmetric key and set Jwt:Authority.")
            .Validate(o => !deployed || !string.IsNullOrWhiteSpace(o.Authority),
                "Jwt:Authority is missing: outside Development (and always on Lambda) the API validates people's tokens against an OIDC issuer (a Cognito user pool or an issuer with a JWKS). Set Jwt__Authority, Jwt__Issuer and Jwt__Audience.")
            .ValidateOnStart();
        builder.Services.AddMemoryCache(o => o.SizeLimit = 100_000);
        builder.Services.AddSingleton<ApiKeyCache>();
        builder.Services.AddSingleton<ApiKeyUseRecorder>();
        // Its notes wait in its queue until it runs: on Lambda, once the first invocation is answered.
        builder.Services.AddHostedServiceAfterFirstInvocation(sp => sp.GetRequiredService<ApiKeyUseRecorder>());
        builder.Services.AddSingleton<TenantExistence>();
        builder.Services.AddSingleton<KnownTenants>();
        builder.Services.AddSingleton<TenantSuspension>();
        builder.Services.AddSingleton<SuspendedTenants>();
        builder.Services.AddSingleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>();
        builder.Services
            .AddAuthentication(TenantScheme)
            .AddPolicyScheme(TenantScheme, null, o => o.ForwardDefaultSelector = Select)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, KeyAndTokenAuthenticationHandler>(KeyAndTokenAuthenticationHandler.SchemeName, null)
            .AddJwtBearer();
        builder.Services.AddAuthorization(Policies.Add);
        return builder;
    }

    /// <summary>
    /// Authentication for requests that carry a credential (an <c>x-api-key</c> or an <c>Authorization</c> header).
    /// A request with neither can only come out anonymous: the default scheme would pick the API-key handler and
    /// answer "no result". Skipping the middleware for it leaves the same anonymous user and spares anonymous
    /// reads (<c>/public</c>, <c>/health/live</c>) the per-request handler resolution, about a third of their
    /// pipeline in a profile (docs/performance.md). An endpoint that requires a policy still challenges the
    /// caller: authorization asks the default scheme then, as it does after a "no result".
    /// </summary>
    public static WebApplication UseTenantAuthentication(this WebApplication app)
    {
        app.UseWhen(HasCredentials, branch => branch.UseAuthentication());
        // WebApplication puts its own UseAuthentication() in front of the whole pipeline unless the app's builder
        // carries this mark, which UseAuthentication() writes into the builder it is called on: here the branch's,
        // which the root never sees. Marked on the root, as ASP.NET Core's own tests do, so there is one
        // authentication, ours, in its place after CORS and region routing.
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;
        return app;
    }

    /// <summary>
    /// Authorization for every endpoint except those that declare themselves anonymous (<c>AllowAnonymous</c>) and
    /// name no policy, role or requirement: for them the middleware would combine no policy and pass the request
    /// on (it never challenges an anonymous endpoint), after marking the request in <c>HttpContext.Items</c>, the
    /// dictionary an anonymous read otherwise never needs. With a fallback policy configured, every endpoint goes
    /// through it as before.
    /// </summary>
    public static WebApplication UseTenantAuthorization(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AuthorizationOptions>>().Value.FallbackPolicy is not null)
        {
            app.UseAuthorization();
            return app;
        }
        app.UseWhen(context => !IsPlainAnonymous(context.GetEndpoint()), branch => branch.UseAuthorization());
        // As for authentication above: without the mark on the root, WebApplication would add a second one in front.
        ((IApplicationBuilder)app).Properties[AuthorizationMiddlewareSetKey] = true;
        return app;
    }

    internal static bool IsPlainAnonymous(Endpoint? endpoint)
    {
        var metadata = endpoint?.Metadata;
        return metadata is not null
            && metadata.GetMetadata<IAllowAnonymous>() is not null
            && metadata.GetMetadata<IAuthorizeData>() is null
            && metadata.GetMetadata<AuthorizationPolicy>() is null
            && metadata.GetMetadata<IAuthorizationRequirementData>() is null;
    }

    internal static bool HasCredentials(HttpContext context)
    {
        var headers = context.Request.Headers;
        return headers.Authorization.Count > 0 || headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName);
    }

    /// <summary>After authentication: a suspended tenant's keys and tokens get 403 tenant-suspended.</summary>
    public static WebApplication UseTenantSuspension(this WebApplication app)
    {
        app.UseMiddleware<TenantSuspensionMiddleware>();
        return app;
    }

    private static string Select(HttpContext context)
    {
        var bearer = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        var key = context.Request.Headers[ApiKeyAuthenticationHandler.HeaderName].Count > 0;
        return (bearer, key) switch
        {
            (true, true) => KeyAndTokenAuthenticationHandler.SchemeName,
            (true, false) => JwtBearerDefaults.AuthenticationScheme,
            _ => ApiKeyAuthenticationHandler.SchemeName,
        };
    }
}
