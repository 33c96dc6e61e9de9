using Serverless.Api.Errors;

namespace Serverless.Api.Auth;

/// <summary>
/// After authentication: a request for a suspended tenant gets 403 <c>tenant-suspended</c>, whichever door
/// it came through (an API key, a person's token, or both), before anything else runs for it.
/// </summary>
public sealed class TenantSuspensionMiddleware(RequestDelegate next, SuspendedTenants suspended)
{
    // Not async for a request with no tenant (every anonymous one): the check and the call to next (issue 17).
    public Task InvokeAsync(HttpContext http) =>
        Guid.TryParse(TenantContext.AuthenticatedUser(http)?.FindFirst(TenantClaims.TenantId)?.Value, out var tenantId)
            ? CheckAsync(http, tenantId)
            : next(http);

    private async Task CheckAsync(HttpContext http, Guid tenantId)
    {
        if (!await suspended.IsSuspendedAsync(tenantId, http.RequestAborted))
        {
            await next(http);
            return;
        }
        await MiddlewareProblems.WriteAsync(http, StatusCodes.Status403Forbidden, ProblemTypes.TenantSuspended, "Tenant suspended",
            "This tenant is suspended: its keys and tokens are refused until an operator resumes it.");
    }
}
