using Serverless.Api.Auth;
using Serverless.Core.Audit;

namespace Serverless.Api.Observability;

/// <summary>
/// After authentication: every log line an endpoint writes carries the tenant id, and every
/// tenant transaction it opens tells the audit trigger who acts and under which request id.
/// </summary>
public sealed class TenantScopeMiddleware(RequestDelegate next, ILogger<TenantScopeMiddleware> logger)
{
    // Not async for a request with no tenant (every anonymous one): the check and the call to next (issue 17).
    public Task InvokeAsync(HttpContext context) =>
        TenantContext.From(context) is { } tenant ? InScopeAsync(context, tenant) : next(context);

    private async Task InScopeAsync(HttpContext context, TenantContext tenant)
    {
        using (logger.BeginScope("TenantId:{TenantId}", tenant.TenantId))
        using (AuditContext.Begin(new AuditActor(tenant.Actor, context.TraceIdentifier)))
        {
            await next(context);
        }
    }
}
