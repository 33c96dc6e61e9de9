using Serverless.Core.ApiKeys;
using Serverless.Core.Audit;
using Serverless.Core.Configuration;
using Serverless.Core.Content;
using Serverless.Core.Data;

namespace Serverless.Api.Platform;

public static class PlatformDataExtensions
{
    /// <summary>PostgreSQL (primary + replica), Redis, and the stores built on them.</summary>
    public static WebApplicationBuilder AddPlatformData(this WebApplicationBuilder builder)
    {
        builder.Services.AddCoreData();
        builder.Services.AddClosedOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Configuration), "Redis:Configuration is required.")
            .ValidateOnStart();

        builder.Services.AddSingleton<RedisConnection>();
        builder.Services.AddSingleton<ApiKeyAuthenticator>();
        builder.Services.AddSingleton<ContentStore>();
        builder.Services.AddSingleton<AuditStore>();
        return builder;
    }
}
