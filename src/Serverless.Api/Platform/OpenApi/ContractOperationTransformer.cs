using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Serverless.Api.Errors;
using Serverless.Api.Features.PublicContent;
using Serverless.Api.Platform.Idempotency;
using Serverless.Api.Platform.RateLimits;
using Serverless.Api.Platform.Regions;
using Serverless.Core.Content;
using Serverless.Core.Review;

namespace Serverless.Api.Platform.OpenApi;

/// <summary>
/// Each operation as the server runs it: who may call it, every status it can answer (the endpoint's own
/// <see cref="DeclaredProblem"/>s plus those the pipeline adds: authentication, a missing item, a bad
/// body, idempotency, the secondary region's redirect, an unavailable dependency), each error as
/// <c>application/problem+json</c> with its <c>type</c>s, and the headers it reads and writes.
/// </summary>
public sealed partial class ContractOperationTransformer : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        // The route template without constraints ({id:guid} -> {id}), as the document's paths are written.
        var path = "/" + RouteConstraint().Replace(description.RelativePath ?? "", "}");
        var isGet = HttpMethods.IsGet(method);
        var isPost = HttpMethods.IsPost(method);
        var secured = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var hasBody = description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body);
        var tokens = path.StartsWith("/v1/content", StringComparison.Ordinal) || path.StartsWith("/v1/review", StringComparison.Ordinal);

        var problems = new SortedDictionary<int, SortedSet<string>>();
        void Add(int status, params string[] types)
        {
            if (!problems.TryGetValue(status, out var set))
            {
                problems[status] = set = new SortedSet<string>(StringComparer.Ordinal);
            }
            set.UnionWith(types);
        }
        foreach (var declared in metadata.OfType<DeclaredProblem>())
        {
            Add(declared.Status, [.. declared.Types]);
        }
        // Origin verify (when configured) guards every route; the exception handler answers these two anywhere.
        Add(403, ProblemTypes.OriginNotVerified);
        Add(500, ProblemTypes.Internal);
        Add(503, ProblemTypes.Unavailable);
        if (secured)
        {
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ContractDocumentTransformer.ApiKeyScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ContractDocumentTransformer.BearerScheme, context.Document)] = [] },
            ];
            Add(401, ProblemTypes.Unauthenticated);
            Add(403, ProblemTypes.Forbidden, ProblemTypes.TenantMismatch, ProblemTypes.TenantSuspended);
            Add(429, PublicContentExtensions.RateLimitedType);
        }
        else
        {
            operation.Security = [];
        }
        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path && p.Name == "id"))
        {
            Add(404, ProblemTypes.NotFound);
        }
        if (hasBody)
        {
            Add(400, ProblemTypes.MalformedRequest, ProblemTypes.Validation);
            Add(413, ProblemTypes.TooLarge);
            Add(415, ProblemTypes.UnsupportedMediaType);
        }
        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Query))
        {
            Add(400, ProblemTypes.Validation);
        }
        if (isPost)
        {
            Add(400, ProblemTypes.Validation);
            Add(409, ProblemTypes.IdempotencyKeyInUse);
            Add(422, ProblemTypes.IdempotencyKeyReused);
            Header(operation, IdempotencyMiddleware.Header, "Makes a retry safe: the same key and request within 24 h replays the first answer.", MaxLength(IdempotencyMiddleware.MaxKeyLength));
        }
        if (!isGet && path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            Add(308, ProblemTypes.WritesGoToPrimary);
        }
        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            Add(429, PublicContentExtensions.RateLimitedType);
        }

        QueryParameters(operation, path);
        RequestHeaders(operation, method, path, tokens);

        operation.Responses ??= new OpenApiResponses();
        foreach (var (status, code) in operation.Responses.ToList())
        {
            if (int.TryParse(status, out var s) && s >= 400 && !problems.ContainsKey(s))
            {
                operation.Responses.Remove(status);
            }
            else if (code is OpenApiResponse response && s is >= 200 and < 300)
            {
                SuccessHeaders(response, s, method, path, isPost, tokens);
                if (secured)
                {
                    AddHeader(response, TenantRateLimitMiddleware.PolicyHeader, "The tenant's quota and window, e.g. \"standard\";q=600;w=60.", Text());
                    AddHeader(response, TenantRateLimitMiddleware.StateHeader, "What is left and when the window resets, e.g. \"standard\";r=599;t=42.", Text());
                }
            }
        }
        foreach (var (status, types) in problems)
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ProblemResponse(context.Document!, status, types);
        }
        var sorted = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (status, response) in sorted)
        {
            operation.Responses[status] = response;
        }
        return Task.CompletedTask;
    }

    [System.Text.RegularExpressions.GeneratedRegex(":[^}]*}")]
    private static partial System.Text.RegularExpressions.Regex RouteConstraint();

    private static OpenApiResponse ProblemResponse(OpenApiDocument document, int status, IEnumerable<string> types)
    {
        var response = new OpenApiResponse
        {
            Description = Reason(status),
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema
                    {
                        AllOf =
                        [
                            new OpenApiSchemaReference(ContractDocumentTransformer.ProblemSchema, document),
                            new OpenApiSchema
                            {
                                Properties = new Dictionary<string, IOpenApiSchema>
                                {
                                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = types.Select(t => (JsonNode)JsonValue.Create(t)).ToList() },
                                },
                            },
                        ],
                    },
                },
            },
        };
        if (status is 429 or 503 or 409)
        {
            AddHeader(response, "Retry-After", "Seconds to wait before retrying (409: only for a request still in progress).", Integer());
        }
        if (status == 308)
        {
            AddHeader(response, "Location", "The same request at the primary region; repeat it there with the same method, body and headers.", Text());
        }
        return response;
    }

    private static void SuccessHeaders(OpenApiResponse response, int status, string method, string path, bool isPost, bool tokens)
    {
        if (status is 201 or 202)
        {
            AddHeader(response, "Location", status == 201 ? "The new item." : "The job to poll.", Text());
        }
        if (path == "/v1/settings")
        {
            AddHeader(response, "ETag", "The settings' version, quoted: send it in If-Match to replace them.", Text());
        }
        if (status == 201 || (path.StartsWith("/v1/content/{id}", StringComparison.Ordinal) && !path.Contains("/drafts", StringComparison.Ordinal)
            && !path.EndsWith("/revisions", StringComparison.Ordinal)))
        {
            AddHeader(response, "ETag", "The item's version, quoted: send it in If-Match to edit, or If-None-Match to revalidate.", Text());
        }
        if (tokens && !HttpMethods.IsGet(method))
        {
            AddHeader(response, ConsistencyTokens.HeaderName, "Send it back on later reads to see this write (read-your-writes).", Text());
        }
        if (isPost)
        {
            AddHeader(response, IdempotencyMiddleware.ReplayedHeader, "\"true\" when this is the stored answer to an earlier request with the same Idempotency-Key.", Text());
        }
    }

    private static void RequestHeaders(OpenApiOperation operation, string method, string path, bool tokens)
    {
        if (HttpMethods.IsGet(method) && (path == "/v1/content/{id}" || path.StartsWith("/public/", StringComparison.Ordinal)))
        {
            Header(operation, "If-None-Match", "An ETag you hold; 304 when it is still current.", Text());
            operation.Responses ??= new OpenApiResponses();
            operation.Responses["304"] = new OpenApiResponse { Description = "Not modified: your copy is current." };
        }
        if (HttpMethods.IsPut(method) && path == "/v1/content/{id}")
        {
            Header(operation, "If-Match", "The ETag you read (or * for any); a mismatch is 412. Without it, send version in the body.", Text());
        }
        if (HttpMethods.IsPut(method) && path == "/v1/settings")
        {
            Header(operation, "If-Match", "The ETag you read (or * for any); a mismatch is 412. Without it, send version in the body.", Text());
        }
        if (path == "/v1/content/{id}/archive")
        {
            Header(operation, "If-Match", "Optional: the ETag you read; a mismatch is 412.", Text());
        }
        if (tokens && HttpMethods.IsGet(method))
        {
            Header(operation, ConsistencyTokens.HeaderName, "A token from an earlier write: the read then sees that write.", Text());
        }
    }

    /// <summary>Query parameters as the endpoints check them (the same constants and lists).</summary>
    private static void QueryParameters(OpenApiOperation operation, string path)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query) ?? [])
        {
            parameter.Schema = (path, parameter.Name) switch
            {
                ("/v1/content", "type") => Pattern(ContentRules.TypeRegex, ContentRules.MaxTypeChars),
                ("/v1/content", "status") => Choice(ContentRules.AllStatuses),
                (_, "locale") => Pattern(ContentRules.LocaleRegex, ContentRules.MaxLocaleChars),
                ("/v1/content", "limit") => Range(1, ContentRules.MaxPageSize),
                ("/v1/content", "q") => MaxLength(ContentRules.MaxSearchChars),
                ("/v1/review/items", "status") => Choice(ReviewStatus.All),
                ("/v1/review/items", "limit") => Range(1, ReviewStore.MaxPage),
                ("/v1/audit", "limit") => Range(1, Features.Audit.AuditEndpoints.MaxPage),
                ("/v1/audit", "entityId") => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                ("/v1/usage", "groupBy") => Choice(["day", "model", "task"]),
                ("/v1/audit" or "/v1/usage", "from" or "to") => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                _ => Text(),
            };
        }
    }

    private static void Header(OpenApiOperation operation, string name, string description, OpenApiSchema schema)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Header, Required = false, Description = description, Schema = schema });
    }

    private static void AddHeader(OpenApiResponse response, string name, string description, OpenApiSchema schema)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = schema };
    }

    private static OpenApiSchema Text() => new() { Type = JsonSchemaType.String };

    private static OpenApiSchema Integer() => new() { Type = JsonSchemaType.Integer, Format = "int32" };

    private static OpenApiSchema MaxLength(int max) => new() { Type = JsonSchemaType.String, MaxLength = max, MinLength = 1 };

    private static OpenApiSchema Pattern(string pattern, int max) => new() { Type = JsonSchemaType.String, Pattern = pattern, MaxLength = max };

    private static OpenApiSchema Range(int min, int max) => new()
    {
        Type = JsonSchemaType.Integer, Format = "int32",
        Minimum = min.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Maximum = max.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static OpenApiSchema Choice(IEnumerable<string> values) => new()
    {
        Type = JsonSchemaType.String,
        Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
    };

    private static string Reason(int status) => status switch
    {
        308 => "Written only in the primary region: repeat the request at Location.",
        400 => "Malformed JSON, a wrong JSON type, or invalid fields (listed in errors).",
        401 => "No key or token, or one that is not valid.",
        402 => "The tenant's model budget for this period is spent, or has less room than a draft's longest answer (resetsAt says when it resets); nothing was queued.",
        403 => "The role may not do this, the key and token name different tenants, or the request bypassed the edge.",
        404 => "No such item in this tenant (another tenant's id is 404 too).",
        409 => "A conflict with the item's current state, or a request with this Idempotency-Key still in progress.",
        412 => "If-Match does not match the current ETag.",
        413 => "A field over its size limit (listed in errors), or a body over 2 MiB.",
        415 => "The body must be application/json.",
        422 => "This Idempotency-Key was used for a different request.",
        428 => "Send If-Match or the version you read.",
        429 => "Too many requests; wait Retry-After seconds.",
        500 => "An unexpected error; quote the requestId.",
        503 => "A backing service is not answering; retry after Retry-After seconds.",
        _ => "Error.",
    };
}
