using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Serverless.Api.Platform.OpenApi;

/// <summary>
/// The document as a whole: what the API is, how callers authenticate (a product's API key or a
/// person's JWT), the one Problem Details shape every error has, and a relative server (the address a
/// client uses depends on the region and the stage; a baked-in loopback URL would be wrong everywhere): the one server is relative.
/// </summary>
public sealed class ContractDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";
    public const string ProblemSchema = "Problem";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Serverless content API",
            Version = "v1",
            Description = "Multi-tenant content: create items, get AI drafts, review and publish them. Every error is "
                + "Problem Details (RFC 9457) with a stable `type` (urn:serverless:problem:…) and the `requestId`.",
            License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Proprietary" },
        };
        // Relative: the host that served this document (CloudFront, or one region's API).
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that served this document" }];
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Content", Description = "A tenant's items: create, read, list, edit, archive, history." },
            new() { Name = "Drafts", Description = "AI first drafts of an item, made by the worker." },
            new() { Name = "Jobs", Description = "Background jobs (drafting) and their status." },
            new() { Name = "Review", Description = "Human review of drafts: claim, approve, reject, regenerate, publish." },
            new() { Name = "Audit", Description = "The tenant's append-only audit log." },
            new() { Name = "Prompts", Description = "How each prompt version fares in review." },
            new() { Name = "Usage", Description = "Model usage, cost and budgets of the tenant." },
            new() { Name = "Public", Description = "Published content as end users read it (no key; cached at the edge)." },
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "x-api-key",
                Description = "A product's key (sl_<prefix>_<secret>); it acts as the admin of its tenant.",
            },
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                Description = "A person's token with exactly one tenant_id, role (viewer, reviewer, editor, admin) and sub.",
            },
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();
        // The framework's own validation schema is replaced by Problem in every response.
        document.Components.Schemas.Remove("HttpValidationProblemDetails");
        document.Components.Schemas.Remove("ProblemDetails");
        ResponseSchemas.RequireNonNullable(document);
        return Task.CompletedTask;
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "Problem Details (RFC 9457). `type` is stable; match on it, not on `title` or `detail`.",
        Required = new HashSet<string> { "type", "title", "status", "requestId" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "urn:serverless:problem:<name>", Examples = [JsonValue.Create("urn:serverless:problem:validation")!] },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["requestId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Quote it when reporting a problem (also in x-request-id)." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "For validation (400) and size (413) problems: each offending field and what is wrong with it.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["currentVersion"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "For version conflicts (409, 412): the item's version now." },
        },
    };
}
