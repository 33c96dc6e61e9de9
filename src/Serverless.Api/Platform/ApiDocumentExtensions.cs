namespace Serverless.Api.Platform;

public static class ApiDocumentExtensions
{
    /// <summary>Source-generated JSON for every endpoint, and the OpenAPI document describing them.</summary>
    public static WebApplicationBuilder AddApiDocuments(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static WebApplication MapApiDocuments(this WebApplication app)
    {
        // The contract is public: clients generate code from it before they have a key.
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return app;
    }
}
