using Scalar.AspNetCore;
using Serverless.Api.Platform.OpenApi;

namespace Serverless.Api.Platform;

public static class ApiDocumentExtensions
{
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Source-generated JSON for every endpoint, and the OpenAPI document describing them.</summary>
    public static WebApplicationBuilder AddApiDocuments(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            // The contexts' own WhenWritingNull applies only to their default options, not to these: say it here,
            // so an empty field is left out, as the OpenAPI document (fields not required) says.
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        // The document is built on its first request, not at start-up: a cold start pays nothing for it.
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<ContractDocumentTransformer>();
            o.AddOperationTransformer<ContractOperationTransformer>();
            o.AddSchemaTransformer<RequestSchemas>();
            o.AddSchemaTransformer<ResponseSchemas>();
        });
        return builder;
    }

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and interactive docs (Scalar) at <c>/docs</c>.</summary>
    public static WebApplication MapApiDocuments(this WebApplication app)
    {
        // The contract is public: clients generate code from it before they have a key.
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("Serverless content API").WithOpenApiRoutePattern(DocumentPath))
            .AllowAnonymous();
        return app;
    }
}
