using Serverless.Lambda.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Serverless.Core.Tenants;
using Serverless.Lambda.Runtime;

namespace Serverless.Api.Auth;

public static class AuthenticationExtensions
{
    private const string TenantScheme = "Tenant";

    /// <summary>
    /// Products authenticate with API keys, people with JWTs; both resolve to the same tenant claims.
    /// A request with <c>Authorization: Bearer</c> is judged by its token, one with a key by its key, and
    /// one with both by both (they must name the same tenant).
    /// </summary>
    public static WebApplicationBuilder AddTenantAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>()
            .BindConfiguration(ApiKeyOptions.Section)
            .Validate(o => o.CacheSeconds is >= 0 and <= 30, "ApiKeys:CacheSeconds must be 0 to 30: revocation must take effect within 30 s.")
            .Validate(o => o.NegativeCacheSeconds is >= 0 and <= 60 && o.StaleSeconds is >= 0 and <= 3600,
                "ApiKeys:NegativeCacheSeconds must be 0 to 60 and ApiKeys:StaleSeconds 0 to 3600.")
            .ValidateOnStart();
        // Only a developer's machine may trust a shared secret: anyone holding it mints any tenant's token.
        var deployed = !builder.Environment.IsDevelopment() || LambdaEnvironment.IsLambda(builder.Configuration);
        builder.Services.AddOptions<JwtOptions>()
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
