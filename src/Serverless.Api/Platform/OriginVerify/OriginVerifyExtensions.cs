using Serverless.Core.Configuration;

namespace Serverless.Api.Platform.OriginVerify;

public static class OriginVerifyExtensions
{
    public static WebApplicationBuilder AddOriginVerify(this WebApplicationBuilder builder)
    {
        builder.Services.AddClosedOptions<OriginVerifyOptions>()
            .BindConfiguration(OriginVerifyOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Header), "OriginVerify:Header must name a header.")
            .Validate(o => !o.IsEnabled || o.Secret!.Length >= 16, "OriginVerify:Secret must be at least 16 characters.")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>First in the pipeline after request ids and error handling: nothing else runs for a bypass.</summary>
    public static WebApplication UseOriginVerify(this WebApplication app)
    {
        app.UseMiddleware<OriginVerifyMiddleware>();
        return app;
    }
}
