using Serverless.Api.Auth;

namespace Serverless.Api.Observability;

/// <summary>After authentication: every log line an endpoint writes carries the tenant id.</summary>
public sealed class TenantLogScopeMiddleware(RequestDelegate next, ILogger<TenantLogScopeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (TenantContext.From(context) is not { } tenant)
        {
            await next(context);
            return;
        }
        using (logger.BeginScope("TenantId:{TenantId}", tenant.TenantId))
        {
            await next(context);
        }
    }
}
