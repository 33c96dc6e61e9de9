using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Serverless.Api.Auth;
using Serverless.Api.Errors;
using Serverless.Api.Features.PublicContent;
using Serverless.Api.Platform.OpenApi;
using Serverless.Api.Platform.Regions;
using Serverless.Core.Content;
using Serverless.Core.Data;
using Serverless.Core.Schemas;

namespace Serverless.Api.Features.Content;

/// <summary>
/// <c>/v1/content</c>: a tenant's items. Single items are read from the primary (they are read
/// in order to be edited, with their ETag); lists and history come from the replica.
/// </summary>
public static class ContentEndpoints
{
    public static WebApplication MapContentEndpoints(this WebApplication app)
    {
        var content = app.MapGroup("/v1/content").RequireAuthorization(Policies.ReadContent).WithTags("Content")
            .WithConsistencyTokens()
            .AddEndpointFilter<RouteGroupBuilder, PublicContentInvalidationFilter>();
        content.MapPost("/", Create).RequireAuthorization(Policies.WriteContent)
            .WithName("createContent").WithSummary("Create an item")
            .Declares(409, ProblemTypes.Conflict);
        content.MapGet("/", List).WithName("listContent").WithSummary("List items, newest first")
            .WithDescription("Filters by type, status and locale, searches titles and bodies with q, and, with a type, filters by its schema's indexed attributes: attr.<field>=<value> (docs/schema.md).");
        content.MapGet("/{id:guid}", Get).WithName("getContent").WithSummary("Read one item with its ETag");
        content.MapPut("/{id:guid}", Update).RequireAuthorization(Policies.WriteContent)
            .WithName("updateContent").WithSummary("Replace an item's editable fields")
            .Declares(409, ProblemTypes.Conflict, ProblemTypes.VersionConflict).Declares(412, ProblemTypes.PreconditionFailed)
            .Declares(428, ProblemTypes.PreconditionRequired);
        content.MapPost("/{id:guid}/archive", Archive).RequireAuthorization(Policies.WriteContent)
            .WithName("archiveContent").WithSummary("Archive an item").Declares(412, ProblemTypes.PreconditionFailed);
        content.MapDelete("/{id:guid}", Delete).RequireAuthorization(Policies.WriteContent)
            .WithName("deleteContent").WithSummary("Delete an item (soft: its history is kept)")
            .WithDescription("The item leaves every list, read and public page at once (its public copies and CDN paths are invalidated) and its type, slug and locale are free again. The row and its revisions stay, ending in a \"deleted\" revision with the actor. If-Match is optional; a stale one gets 412. Deleting again gets 404.")
            .Declares(412, ProblemTypes.PreconditionFailed);
        content.MapGet("/{id:guid}/revisions", Revisions).WithName("listRevisions").WithSummary("An item's history, newest first");
        return app;
    }

    public static async Task<Results<Created<ContentItem>, ValidationProblem, ProblemHttpResult>> Create(
        CreateContentRequest request, TenantContext tenant, ContentStore store, HttpContext http, CancellationToken ct)
    {
        var (content, validation) = ContentValidator.Validate(request);
        if (content is null)
        {
            return validation.HasTooLarge ? Problems.TooLarge(validation.TooLarge) : Problems.Invalid(validation.Errors);
        }
        var outcome = await store.CreateAsync(tenant.TenantId, tenant.Actor, content, ct);
        if (outcome.Status == WriteStatus.Invalid)
        {
            return Problems.Invalid(new Dictionary<string, string[]>(outcome.Errors!));
        }
        if (outcome.Status == WriteStatus.Duplicate)
        {
            return Problems.Conflict($"An item of type '{content.Type}' with slug '{content.Slug}' and locale '{content.Locale}' already exists.");
        }
        http.Response.Headers.ETag = ETags.For(outcome.Item!.Version);
        return TypedResults.Created($"/v1/content/{outcome.Item.Id}", outcome.Item);
    }

    public static async Task<Results<Ok<ContentItem>, StatusCodeHttpResult, ProblemHttpResult>> Get(
        Guid id, TenantContext tenant, ContentStore store, HttpContext http, CancellationToken ct)
    {
        var item = await store.GetAsync(tenant.TenantId, id, DataSourceKind.Primary, ct);
        if (item is null)
        {
            return Problems.NotFound("content item");
        }
        http.Response.Headers.ETag = ETags.For(item.Version);
        http.Response.Headers.CacheControl = "private, no-cache";
        return ETags.NoneMatch(http.Request.Headers.IfNoneMatch, item.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(item);
    }

    public static async Task<Results<Ok<ContentList>, ValidationProblem>> List(
        TenantContext tenant, ContentStore store, SchemaStore schemas, ConsistentReads reads, HttpContext http, CancellationToken ct,
        [FromQuery] string? type, [FromQuery] string? status, [FromQuery] string? locale,
        [FromQuery] string? limit, [FromQuery] string? cursor, [FromQuery] string? q)
    {
        var errors = new Dictionary<string, string[]>();
        if (q is not null && (string.IsNullOrWhiteSpace(q) || q.Length > ContentRules.MaxSearchChars))
        {
            errors["q"] = [$"Words to search titles and bodies for, 1 to {ContentRules.MaxSearchChars} characters."];
        }
        if (type is not null && !ContentRules.IsType(type))
        {
            errors["type"] = ["Not a content type name."];
        }
        if (status is not null && !ContentRules.AllStatuses.Contains(status))
        {
            errors["status"] = [$"One of {string.Join(", ", ContentRules.AllStatuses)}."];
        }
        if (locale is not null && !ContentRules.IsLocale(locale))
        {
            errors["locale"] = ["Not a language tag such as \"en\" or \"en-GB\"."];
        }
        var pageSize = ContentRules.DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, out pageSize) || pageSize is < 1 or > ContentRules.MaxPageSize))
        {
            errors["limit"] = [$"A whole number from 1 to {ContentRules.MaxPageSize}."];
        }
        if (!ContentCursor.TryDecode(cursor, out var after))
        {
            errors["cursor"] = ["Not a cursor this API issued; pass nextCursor from the previous page unchanged."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        // From the replica, unless a consistency token asks for a write the replica has not replayed yet.
        var source = await reads.SourceForAsync(http, ct);
        var contain = await AttributeFilters.ReadAsync(http.Request.Query, type, tenant.TenantId, schemas, source, errors, ct);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        var page = await store.ListAsync(tenant.TenantId, new ContentQuery(type, status, locale, pageSize, after, q, contain), source, ct);
        return TypedResults.Ok(new ContentList(page.Items, page.Next is { } next ? ContentCursor.Encode(next) : null));
    }

    public static async Task<Results<Ok<ContentItem>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, UpdateContentRequest request, TenantContext tenant, ContentStore store, HttpContext http, CancellationToken ct)
    {
        var (changes, validation) = ContentValidator.Validate(request);
        if (changes is null)
        {
            return validation.HasTooLarge ? Problems.TooLarge(validation.TooLarge) : Problems.Invalid(validation.Errors);
        }
        var ifMatch = ETags.IfMatchVersion(http.Request.Headers.IfMatch);
        int expected;
        if (ifMatch is ETags.Any)
        {
            var current = await store.GetAsync(tenant.TenantId, id, DataSourceKind.Primary, ct);
            if (current is null)
            {
                return Problems.NotFound("content item");
            }
            expected = current.Version;
        }
        else if ((ifMatch ?? request.Version) is { } version)
        {
            expected = version;
        }
        else
        {
            return Problems.PreconditionRequired();
        }

        var outcome = await store.UpdateAsync(tenant.TenantId, tenant.Actor, id, expected, changes, ct);
        return outcome.Status switch
        {
            WriteStatus.Done => Done(http, outcome.Item!),
            WriteStatus.Invalid => Problems.Invalid(new Dictionary<string, string[]>(outcome.Errors!)),
            WriteStatus.Archived => Problems.Conflict("The item is archived; archived items cannot be edited."),
            WriteStatus.VersionConflict when ifMatch is not null => Problems.PreconditionFailed(outcome.Item!.Version),
            WriteStatus.VersionConflict => Problems.VersionConflict(outcome.Item!.Version),
            _ => Problems.NotFound("content item"),
        };
    }

    public static async Task<Results<Ok<ContentItem>, ProblemHttpResult>> Archive(
        Guid id, TenantContext tenant, ContentStore store, HttpContext http, CancellationToken ct)
    {
        var ifMatch = ETags.IfMatchVersion(http.Request.Headers.IfMatch);
        var outcome = await store.ArchiveAsync(tenant.TenantId, tenant.Actor, id, ifMatch is ETags.Any ? null : ifMatch, ct);
        return outcome.Status switch
        {
            WriteStatus.Done => Done(http, outcome.Item!),
            WriteStatus.VersionConflict or WriteStatus.Archived => Problems.PreconditionFailed(outcome.Item!.Version),
            _ => Problems.NotFound("content item"),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, TenantContext tenant, ContentStore store, PublicContentInvalidator invalidator, HttpContext http, CancellationToken ct)
    {
        var ifMatch = ETags.IfMatchVersion(http.Request.Headers.IfMatch);
        var outcome = await store.DeleteAsync(tenant.TenantId, tenant.Actor, id, ifMatch is ETags.Any ? null : ifMatch, ct);
        switch (outcome.Status)
        {
            case WriteStatus.Done:
                // Committed: the caches must hear of it even if the caller has gone. (A 204 carries no item,
                // so PublicContentInvalidationFilter cannot do this one.)
                var committedAt = await WritePosition.AfterWriteAsync(http, CancellationToken.None);
                await invalidator.ContentChangedAsync(tenant.TenantId, tenant.TenantSlug, outcome.Item!, committedAt, CancellationToken.None);
                return TypedResults.NoContent();
            case WriteStatus.VersionConflict:
                return Problems.PreconditionFailed(outcome.Item!.Version);
            default:
                return Problems.NotFound("content item");
        }
    }

    public static async Task<Results<Ok<RevisionList>, ProblemHttpResult>> Revisions(
        Guid id, TenantContext tenant, ContentStore store, ConsistentReads reads, HttpContext http, CancellationToken ct)
    {
        var revisions = await store.ListRevisionsAsync(tenant.TenantId, id, await reads.SourceForAsync(http, ct), ct);
        return revisions is null ? Problems.NotFound("content item") : TypedResults.Ok(new RevisionList(revisions));
    }

    private static Ok<ContentItem> Done(HttpContext http, ContentItem item)
    {
        http.Response.Headers.ETag = ETags.For(item.Version);
        return TypedResults.Ok(item);
    }
}
