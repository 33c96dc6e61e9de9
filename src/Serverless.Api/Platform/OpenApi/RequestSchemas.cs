using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Serverless.Api.Features.Content;
using Serverless.Api.Features.Drafts;
using Serverless.Api.Features.Review;
using Serverless.Api.Features.Schemas;
using Serverless.Core.Content;
using Serverless.Core.Review;
using Serverless.Core.Schemas;
using Serverless.Core.Tenants.Settings;

namespace Serverless.Api.Platform.OpenApi;

/// <summary>
/// The request bodies as the validators see them: required fields, enums, patterns and limits are read
/// from the same constants and lists the validators check (ContentRules, RejectionReasons, the endpoints'
/// limits), so the document cannot drift from what the server enforces. A field whose limit answers
/// 413 rather than 400 says so in <c>x-limit-status</c>.
/// </summary>
public sealed class RequestSchemas : IOpenApiSchemaTransformer
{
    public const string LimitStatusExtension = "x-limit-status";

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(CreateContentRequest))
        {
            Describe(schema, "A new item.", ["type", "slug", "locale", "title"], new()
            {
                ["type"] = Text("A lowercase name starting with a letter.", "article", ContentRules.TypeRegex, ContentRules.MaxTypeChars),
                ["slug"] = Text("Lowercase letters and digits separated by single hyphens; unique per type and locale.", "hello-world", ContentRules.SlugRegex, ContentRules.MaxSlugChars),
                ["locale"] = Text("A language tag: language, optional script, optional region.", "en-GB", ContentRules.LocaleRegex, ContentRules.MaxLocaleChars),
                ["status"] = Choice("Statuses a client may set; the others belong to the review workflow.", ContentRules.WritableStatuses, "draft"),
                ["title"] = Title(),
                ["body"] = Body(),
                ["attributes"] = Attributes(),
                ["schemaVersion"] = SchemaVersion(),
            });
        }
        else if (type == typeof(UpdateContentRequest))
        {
            Describe(schema, "A full replacement of the editable fields.", ["status", "title"], new()
            {
                ["status"] = Choice("Statuses a client may set; the others belong to the review workflow.", ContentRules.WritableStatuses, "published"),
                ["title"] = Title(),
                ["body"] = Body(),
                ["attributes"] = Attributes(),
                ["schemaVersion"] = SchemaVersion(),
                ["version"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Examples = [JsonValue.Create(1)!],
                    Description = "The version you read, when you do not send If-Match (a mismatch is 409).",
                },
            });
        }
        else if (type == typeof(RequestDraftRequest))
        {
            Describe(schema, "What the draft should do; the body is optional.", [], new()
            {
                ["instructions"] = Text("Guidance for the model.", "Keep it under 300 words.", null, RequestDraftRequest.MaxInstructions),
            });
        }
        else if (type == typeof(ApproveRequest))
        {
            Describe(schema, "Approve as drafted (no body, or neither field), or with the reviewer's edits.", [], new()
            {
                ["title"] = Text("The reviewer's edited title.", "A better title", ContentRules.NotBlankRegex, ContentRules.MaxTitleChars, minLength: 1),
                ["body"] = Text("The reviewer's edited body (at most 256 KiB of UTF-8).", "The edited body.", ContentRules.NotBlankRegex, ContentRules.MaxBodyBytes, minLength: 1),
            });
        }
        else if (type == typeof(RejectRequest))
        {
            Describe(schema, "A reason from the fixed categories and an optional comment.", ["reason"], new()
            {
                ["reason"] = Choice("Why the draft is rejected.", RejectionReasons.All, RejectionReasons.OffBrief),
                ["comment"] = Text("Anything the reason does not say.", "Misses the brief's second point.", null, ReviewEndpoints.MaxText),
            });
        }
        else if (type == typeof(RegenerateRequest))
        {
            Describe(schema, "What the next draft should do differently.", ["feedback"], new()
            {
                ["feedback"] = Text("Travels in the new drafting job's prompt.", "Shorter, and cite the source.", ContentRules.NotBlankRegex, ReviewEndpoints.MaxText, minLength: 1),
            });
        }
        else if (type == typeof(Features.ModelSettings.ModelSettingsRequest))
        {
            Describe(schema, "The tenant's whole model settings, replacing what is stored.", ["semanticCache", "routes"], new()
            {
                ["semanticCache"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Boolean, Examples = [JsonValue.Create(true)!],
                    Description = "Whether model calls may be served from, and stored in, the semantic cache.",
                },
                ["routes"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = $"Task (e.g. drafts.generate) → model tier (e.g. small); at most {Features.ModelSettings.ModelSettingsRequest.MaxRoutes}. Tasks not listed follow the platform's routing table.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = Core.Routing.TenantRoutes.TierPattern, MaxLength = 32 },
                    Examples = [new JsonObject { ["drafts.generate"] = "small" }],
                },
            });
        }
        else if (type == typeof(Features.Settings.TenantSettingsRequest))
        {
            Describe(schema, "The tenant's whole settings, replacing what is stored; send If-Match with the ETag you read, or version.",
                ["review", "bannedTerms", "publicCache", "defaultLocale", "corsOrigins"], new()
            {
                ["review"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Which AI drafts skip human review: autoApprove on, confidence at least threshold, a body of minLength to maxLength characters, no banned term.",
                    Required = new HashSet<string>(["autoApprove", "threshold", "minLength", "maxLength"], StringComparer.Ordinal),
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["autoApprove"] = new OpenApiSchema { Type = JsonSchemaType.Boolean },
                        ["threshold"] = new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "0", Maximum = "1" },
                        ["minLength"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = Invariant(TenantSettingsRules.MaxBodyLength) },
                        ["maxLength"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = Invariant(TenantSettingsRules.MaxBodyLength) },
                    },
                    Examples = [new JsonObject { ["autoApprove"] = false, ["threshold"] = 0.9m, ["minLength"] = 20, ["maxLength"] = 20000 }],
                },
                ["bannedTerms"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array, MaxItems = TenantSettingsRules.MaxBannedTerms,
                    Description = "Terms that send a draft containing them to human review whatever its confidence (case-insensitive).",
                    Items = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = TenantSettingsRules.MaxBannedTermChars },
                    Examples = [new JsonArray("guaranteed")],
                },
                ["publicCache"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Cache-Control of the tenant's public pages, in seconds: max-age (browsers), s-maxage (CloudFront), stale-while-revalidate, stale-if-error.",
                    Required = new HashSet<string>(["maxAge", "sMaxAge", "staleWhileRevalidate", "staleIfError"], StringComparer.Ordinal),
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["maxAge"] = Seconds(TenantSettingsRules.MaxBrowserAgeSeconds),
                        ["sMaxAge"] = Seconds(TenantSettingsRules.MaxEdgeAgeSeconds),
                        ["staleWhileRevalidate"] = Seconds(TenantSettingsRules.MaxBrowserAgeSeconds),
                        ["staleIfError"] = Seconds(TenantSettingsRules.MaxEdgeAgeSeconds),
                    },
                    Examples = [new JsonObject { ["maxAge"] = 60, ["sMaxAge"] = 300, ["staleWhileRevalidate"] = 60, ["staleIfError"] = 86400 }],
                },
                ["defaultLocale"] = Text("The locale public pages serve when none is asked for (a BCP 47 tag: language, optional script, optional region).",
                    "en", ContentRules.LocaleRegex, ContentRules.MaxLocaleChars),
                ["corsOrigins"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array, MaxItems = Core.Tenants.TenantCors.MaxOrigins,
                    Description = "Browser origins allowed to call the API with the tenant's credentials: scheme://host[:port], nothing more.",
                    Items = new OpenApiSchema { Type = JsonSchemaType.String },
                    Examples = [new JsonArray("https://app.example.com")],
                },
                ["budgetWebhookUrl"] = Text("Where budget warnings are POSTed, signed; https (plain http only to this machine, in Development). Null or left out: no webhook.",
                    "https://hooks.example.com/budget", "^https?://", TenantSettingsRules.MaxUrlChars),
                ["budgetWebhookSecret"] = Text("The key budget warnings are signed with (HMAC-SHA256). Write-only: never returned. Needed when a webhook is first set; left out, the stored one is kept.",
                    "whsec_0123456789abcdef", TenantSettingsRules.SecretRegex, TenantSettingsRules.MaxSecretChars, minLength: TenantSettingsRules.MinSecretChars),
                ["version"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Examples = [JsonValue.Create(1)!],
                    Description = "The version you read, when you do not send If-Match (a mismatch is 409).",
                },
            });
        }
        else if (type == typeof(Features.Prompts.CreatePromptVersionRequest))
        {
            Describe(schema, "The tenant's own templates for a platform prompt; {{name}} placeholders may be only those the platform's newest version uses.",
                ["systemTemplate", "userTemplate"], new()
            {
                ["systemTemplate"] = Text("The system message.", "You write first drafts for Acme's blog. Answer with one JSON object only, matching the given schema.",
                    ContentRules.NotBlankRegex, Core.Prompts.TenantPromptRules.MaxTemplateChars, minLength: 1),
                ["userTemplate"] = Text("The user message, with the task's variables.", "Draft this {{type}} in {{locale}}, titled {{title}}: {{body}} ({{instructions}})",
                    ContentRules.NotBlankRegex, Core.Prompts.TenantPromptRules.MaxTemplateChars, minLength: 1),
                ["modelHint"] = Text("The model tier to ask for (default: the platform version's).", "small", Core.Routing.TenantRoutes.TierPattern, 32),
            });
        }
        else if (type == typeof(Features.Prompts.PinPromptRequest))
        {
            Describe(schema, "The version the tenant's drafts use (the platform's or its own), or null to follow the newest again.", [], new()
            {
                ["version"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Examples = [JsonValue.Create(1)!],
                    Description = "A version number from GET /v1/prompts/{key}/versions; null (or left out) unpins.",
                },
            });
        }
        else if (type == typeof(CreateSchemaRequest))
        {
            Describe(schema, "The next version of a content type's attribute schema; a breaking one needs a migration.", ["schema"], new()
            {
                ["schema"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object, AdditionalPropertiesAllowed = true,
                    Description = $"A JSON Schema (draft 2020-12) for the attributes object, at most {SchemaRules.MaxSchemaBytes / 1024} KiB.",
                    Examples = [new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject { ["tags"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } } },
                    }],
                },
                ["indexed"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array, MaxItems = SchemaRules.MaxIndexed,
                    Description = "Top-level fields that GET /v1/content?type=&attr.<field>= may filter on.",
                    Items = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = SchemaRules.FieldRegex, MaxLength = SchemaRules.MaxFieldChars },
                    Examples = [new JsonArray()],
                },
                ["migration"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array, MaxItems = SchemaRules.MaxSteps,
                    Description = "Steps applied in order to each existing item by a background job: rename (from, to), default (field, value), drop (field), split (field, value, toType).",
                    Items = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string>(["op"], StringComparer.Ordinal),
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["op"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = MigrationStep.Ops.Select(o => (JsonNode)JsonValue.Create(o)).ToList() },
                            ["from"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = SchemaRules.FieldRegex },
                            ["to"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = SchemaRules.FieldRegex },
                            ["field"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = SchemaRules.FieldRegex },
                            ["value"] = new OpenApiSchema { Description = "Any JSON value: the default, or the value the split selects on." },
                            ["toType"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = ContentRules.TypeRegex, MaxLength = ContentRules.MaxTypeChars },
                        },
                    },
                    Examples = [new JsonArray()],
                },
            });
        }
        return Task.CompletedTask;
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static OpenApiSchema Seconds(int max) => new() { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = Invariant(max) };

    private static OpenApiSchema SchemaVersion() => new()
    {
        Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1",
        Description = "The attribute schema version the attributes are written against (default: the type's latest); older ones are migrated forward on write.",
    };

    private static void Describe(OpenApiSchema schema, string description, string[] required, Dictionary<string, IOpenApiSchema> properties)
    {
        schema.Type = JsonSchemaType.Object;
        schema.Description = description;
        schema.Properties = properties;
        schema.Required = new HashSet<string>(required, StringComparer.Ordinal);
        schema.AdditionalPropertiesAllowed = true;
    }

    private static OpenApiSchema Text(string description, string example, string? pattern, int maxLength, int? minLength = null) => new()
    {
        Type = JsonSchemaType.String,
        Description = description,
        Examples = [JsonValue.Create(example)!],
        Pattern = pattern,
        MaxLength = maxLength,
        MinLength = minLength,
    };

    private static OpenApiSchema Choice(string description, IEnumerable<string> values, string example) => new()
    {
        Type = JsonSchemaType.String,
        Description = description,
        Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
        Examples = [JsonValue.Create(example)!],
    };

    private static OpenApiSchema Title()
    {
        var title = Text("Not blank; over the limit is 413.", "Hello, world", ContentRules.NotBlankRegex, ContentRules.MaxTitleChars, minLength: 1);
        title.Extensions = new Dictionary<string, IOpenApiExtension> { [LimitStatusExtension] = new JsonNodeExtension(JsonValue.Create(413)) };
        return title;
    }

    private static OpenApiSchema Body()
    {
        var body = Text("At most 256 KiB of UTF-8 (the limit counts bytes); over it is 413.", "The first paragraph.", null, ContentRules.MaxBodyBytes);
        body.Extensions = new Dictionary<string, IOpenApiExtension> { [LimitStatusExtension] = new JsonNodeExtension(JsonValue.Create(413)) };
        return body;
    }

    private static OpenApiSchema Attributes() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "Typed attributes: any JSON object of at most 64 KiB (over it is 413).",
        AdditionalPropertiesAllowed = true,
        Examples = [new JsonObject { ["tags"] = new JsonArray("news") }],
    };
}
