using Serverless.Core.Configuration;

namespace Serverless.Api.Platform.Cors;

public static class CorsExtensions
{
    public static WebApplicationBuilder AddTenantCors(this WebApplicationBuilder builder)
    {
        builder.Services.AddClosedOptions<CorsOptions>()
            .BindConfiguration(CorsOptions.Section)
            .Validate(o => o.RefreshSeconds >= 0 && o.PreflightMaxAgeSeconds is >= 0 and <= 86_400, "Cors: RefreshSeconds at least 0, PreflightMaxAgeSeconds 0-86400.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TenantCorsOrigins>();
        builder.Services.AddSingleton<Caching.ITagInvalidationListener>(sp => sp.GetRequiredService<TenantCorsOrigins>());
        return builder;
    }

    /// <summary>Before authentication: a preflight carries no credentials and must be answered without them.</summary>
    public static WebApplication UseTenantCors(this WebApplication app)
    {
        app.UseMiddleware<TenantCorsMiddleware>();
        return app;
    }
}
