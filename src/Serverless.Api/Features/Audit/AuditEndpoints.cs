using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Serverless.Api.Auth;
using Serverless.Api.Errors;
using Serverless.Api.Platform.OpenApi;
using Serverless.Core.Audit;

namespace Serverless.Api.Features.Audit;

/// <summary><c>GET /v1/audit</c>: the tenant's audit log, newest first, for admins only.</summary>
public static class AuditEndpoints
{
    public const int MaxPage = 200;

    public static WebApplication MapAuditEndpoints(this WebApplication app)
    {
        app.MapGroup("/v1/audit").RequireAuthorization(Policies.ReadAudit).WithTags("Audit").MapGet("/", List)
            .WithName("listAudit").WithSummary("The tenant's audit log, newest first (admin only)");
        return app;
    }

    public static async Task<Results<Ok<AuditPage>, ValidationProblem>> List(
        TenantContext tenant, AuditStore store, CancellationToken ct,
        [FromQuery] string? entityType, [FromQuery] string? entityId, [FromQuery] string? actor, [FromQuery] string? action,
        [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? limit, [FromQuery] string? cursor)
    {
        var errors = new Dictionary<string, string[]>();
        Guid? entity = null;
        if (entityId is not null)
        {
            if (Guid.TryParse(entityId, out var parsed))
            {
                entity = parsed;
            }
            else
            {
                errors["entityId"] = ["Not an id."];
            }
        }
        var fromTime = Time(from, "from", errors);
        var toTime = Time(to, "to", errors);
        var pageSize = 50;
        if (limit is not null && (!int.TryParse(limit, out pageSize) || pageSize is < 1 or > MaxPage))
        {
            errors["limit"] = [$"A whole number from 1 to {MaxPage}."];
        }
        if (!AuditCursor.TryDecode(cursor, out var after))
        {
            errors["cursor"] = ["Not a cursor this API issued."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        var (entries, next) = await store.ListAsync(
            tenant.TenantId, new AuditQuery(entityType, entity, actor, action, fromTime, toTime, pageSize, after), ct);
        return TypedResults.Ok(new AuditPage(entries, next is null ? null : AuditCursor.Encode(next)));
    }

    private static DateTimeOffset? Time(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }
        errors[field] = ["An ISO 8601 time, e.g. 2026-11-26T10:00:00Z."];
        return null;
    }
}
