using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Serverless.Api.Features.Content;
using Serverless.Api.Features.Drafts;
using Serverless.Api.Features.Review;
using Serverless.Api.Features.Schemas;

namespace Serverless.Api.Platform.OpenApi;

/// <summary>
/// Numbers as numbers, and what the server writes: a property whose type cannot be null is always present (the serializer only
/// leaves out nulls), so it is required, and generated clients need not test for it.
/// </summary>
public sealed class ResponseSchemas : IOpenApiSchemaTransformer
{
    private static readonly HashSet<string> RequestNames =
    [
        nameof(CreateContentRequest), nameof(UpdateContentRequest), nameof(RequestDraftRequest), nameof(ApproveRequest),
        nameof(RejectRequest), nameof(RegenerateRequest), nameof(CreateSchemaRequest), ContractDocumentTransformer.ProblemSchema,
        nameof(Features.Settings.TenantSettingsRequest), nameof(Features.Settings.ReviewSettingsRequest), nameof(Features.Settings.PublicCacheRequest),
        nameof(Features.Prompts.CreatePromptVersionRequest), nameof(Features.Prompts.PinPromptRequest),
    ];

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        // Numbers are written as numbers; that the reader also takes "1" for 1 is leniency, not contract.
        if (schema.Type is { } numeric && numeric.HasFlag(JsonSchemaType.String)
            && (numeric.HasFlag(JsonSchemaType.Integer) || numeric.HasFlag(JsonSchemaType.Number)) && schema.Pattern is not null)
        {
            schema.Type = numeric & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// After every schema is complete (nullability is settled last): each response schema's non-nullable
    /// properties become required, and nullable ones (omitted when null) not. Request schemas say their own required fields (RequestSchemas).
    /// </summary>
    public static void RequireNonNullable(OpenApiDocument document)
    {
        foreach (var (name, component) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (RequestNames.Contains(name) || component is not OpenApiSchema { Properties.Count: > 0 } schema)
            {
                continue;
            }
            schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
            foreach (var (property, value) in schema.Properties)
            {
                if (MayBeNull(value))
                {
                    // Omitted when null (the API's JSON contexts write WhenWritingNull), so not required.
                    schema.Required.Remove(property);
                }
                else
                {
                    schema.Required.Add(property);
                }
            }
        }
    }

    private static bool MayBeNull(IOpenApiSchema schema) =>
        schema is OpenApiSchemaReference ? false
        : (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null))
          || (schema.OneOf?.Any(MayBeNull) ?? false) || (schema.AnyOf?.Any(MayBeNull) ?? false);
}
