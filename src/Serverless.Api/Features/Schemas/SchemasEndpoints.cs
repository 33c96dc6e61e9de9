using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Api.Auth;
using Serverless.Api.Errors;
using Serverless.Api.Platform.OpenApi;
using Serverless.Core.Content;
using Serverless.Core.Jobs;
using Serverless.Core.Schemas;

namespace Serverless.Api.Features.Schemas;

/// <summary>
/// <c>/v1/schemas/{type}</c>: a content type's attribute schema as immutable, numbered versions (admins).
/// A compatible version applies at once; a breaking one needs a migration, which a worker job applies to
/// the existing items while they stay readable and writable (docs/schema.md).
/// </summary>
public static class SchemasEndpoints
{
    /// <summary>How long a request waits for SQS before leaving the migration's job to the relay.</summary>
    private static readonly TimeSpan PublishBudget = TimeSpan.FromSeconds(2);

    public static WebApplicationBuilder AddSchemas(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AttributeValidator>();
        builder.Services.AddSingleton<AttributeSchemas>();
        builder.Services.AddSingleton<SchemaStore>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, SchemasApiJsonContext.Default));
        return builder;
    }

    public static WebApplication MapSchemasEndpoints(this WebApplication app)
    {
        var schemas = app.MapGroup("/v1/schemas/{type}").RequireAuthorization(Policies.ManageTenant).WithTags("Schemas");
        schemas.MapGet("/", List).WithName("listSchemaVersions").WithSummary("A content type's attribute schema versions (admin only)")
            .Declares(400, ProblemTypes.Validation);
        schemas.MapPost("/", Create).WithName("createSchemaVersion").WithSummary("Add the next schema version, with a migration when it breaks the previous one (admin only)")
            .Declares(409, ProblemTypes.SchemaIncompatible);
        schemas.MapGet("/versions/{version:int}", Get).WithName("getSchemaVersion").WithSummary("One schema version (admin only)")
            .Declares(400, ProblemTypes.Validation).Declares(404, ProblemTypes.NotFound);
        schemas.MapGet("/versions/{version:int}/migration", Migration).WithName("getSchemaMigration")
            .WithSummary("Progress, counts and failures of the migration to a schema version (admin only)")
            .Declares(400, ProblemTypes.Validation).Declares(404, ProblemTypes.NotFound);
        return app;
    }

    public static async Task<Results<Ok<SchemaVersionList>, ValidationProblem>> List(
        string type, TenantContext tenant, SchemaStore store, CancellationToken ct) =>
        ContentRules.IsType(type)
            ? TypedResults.Ok(new SchemaVersionList(await store.ListAsync(tenant.TenantId, type, ct)))
            : BadType();

    public static async Task<Results<Created<SchemaVersionCreated>, ValidationProblem, ProblemHttpResult>> Create(
        string type, CreateSchemaRequest request, TenantContext tenant, SchemaStore store, OutboxRelay relay, OutboxSignal outbox, CancellationToken ct)
    {
        var (checkedRequest, errors, tooLarge) = SchemaValidator.Validate(type, request);
        if (checkedRequest is null)
        {
            return tooLarge ? Problems.TooLarge(errors) : Problems.Invalid(errors);
        }
        var outcome = await store.CreateAsync(tenant.TenantId, tenant.Tier, tenant.Actor, checkedRequest, ct);
        switch (outcome.Status)
        {
            case SchemaWriteStatus.Invalid:
                return Problems.Invalid(new Dictionary<string, string[]>(outcome.Errors!));
            case SchemaWriteStatus.Incompatible:
                return TypedResults.Problem(
                    statusCode: 409, type: ProblemTypes.SchemaIncompatible, title: "Incompatible schema version",
                    detail: "This version would make stored items invalid. Add a migration (rename, default, drop, split) that covers each breaking change.",
                    extensions: new Dictionary<string, object?> { ["breakingChanges"] = outcome.BreakingChanges });
        }
        if (outcome.Job is { } job && !await relay.TryPublishAsync(job, PublishBudget, ct))
        {
            outbox.Notify();
        }
        var schema = outcome.Schema!;
        var migrationUrl = outcome.MigrationId is null ? null : $"/v1/schemas/{type}/versions/{schema.Version}/migration";
        return TypedResults.Created($"/v1/schemas/{type}/versions/{schema.Version}",
            new SchemaVersionCreated(schema, outcome.MigrationId, outcome.Job?.JobId, migrationUrl));
    }

    public static async Task<Results<Ok<ContentTypeSchema>, ValidationProblem, ProblemHttpResult>> Get(
        string type, int version, TenantContext tenant, SchemaStore store, CancellationToken ct)
    {
        if (!ContentRules.IsType(type))
        {
            return BadType();
        }
        return await store.GetAsync(tenant.TenantId, type, version, ct) is { } schema
            ? TypedResults.Ok(schema)
            : Problems.NotFound("schema version");
    }

    public static async Task<Results<Ok<AttributeMigrationStatus>, ValidationProblem, ProblemHttpResult>> Migration(
        string type, int version, TenantContext tenant, SchemaStore store, CancellationToken ct)
    {
        if (!ContentRules.IsType(type))
        {
            return BadType();
        }
        return await store.MigrationAsync(tenant.TenantId, type, version, ct) is { } status
            ? TypedResults.Ok(status)
            : Problems.NotFound("migration to that schema version");
    }

    private static ValidationProblem BadType() =>
        Problems.Invalid(new Dictionary<string, string[]> { ["type"] = ["A lowercase content type name starting with a letter, e.g. \"article\"."] });
}

/// <summary>The schema endpoints' types, serialized by generated code (AOT-ready).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateSchemaRequest))]
[JsonSerializable(typeof(SchemaVersionList))]
[JsonSerializable(typeof(SchemaVersionCreated))]
[JsonSerializable(typeof(ContentTypeSchema))]
[JsonSerializable(typeof(AttributeMigrationStatus))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
public sealed partial class SchemasApiJsonContext : JsonSerializerContext;
