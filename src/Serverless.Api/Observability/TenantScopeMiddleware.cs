using Serverless.Api.Auth;
using Serverless.Core.Audit;

namespace Serverless.Api.Observability;

/// <summary>
/// After authentication: every log line an endpoint writes carries the tenant id, and every
/// tenant transaction it opens tells the audit trigger who acts and under which request id.
/// </summary>
public sealed class TenantScopeMiddleware(RequestDelegate next, ILogger<TenantScopeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (TenantContext.From(context) is not { } tenant)
        {
            await next(context);
            return;
        }
        using (logger.BeginScope("TenantId:{TenantId}", tenant.TenantId))
        using (AuditContext.Begin(new AuditActor(tenant.Actor, context.TraceIdentifier)))
        {
            await next(context);
        }
    }
}
