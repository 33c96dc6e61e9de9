using Microsoft.AspNetCore.Authentication;

namespace Serverless.Api.Auth;

public static class AuthenticationExtensions
{
    /// <summary>Products authenticate with API keys; people (JWTs) will resolve to the same tenant claims.</summary>
    public static WebApplicationBuilder AddApiKeyAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>()
            .BindConfiguration(ApiKeyOptions.Section)
            .Validate(o => o.CacheSeconds is >= 0 and <= 30, "ApiKeys:CacheSeconds must be 0 to 30: revocation must take effect within 30 s.")
            .ValidateOnStart();
        builder.Services.AddMemoryCache(o => o.SizeLimit = 100_000);
        builder.Services.AddSingleton<ApiKeyCache>();
        builder.Services
            .AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        return builder;
    }
}
