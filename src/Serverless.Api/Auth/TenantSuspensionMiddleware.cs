using Microsoft.AspNetCore.Mvc;
using Serverless.Api.Errors;

namespace Serverless.Api.Auth;

/// <summary>
/// After authentication: a request for a suspended tenant gets 403 <c>tenant-suspended</c>, whichever door
/// it came through (an API key, a person's token, or both), before anything else runs for it.
/// </summary>
public sealed class TenantSuspensionMiddleware(RequestDelegate next, SuspendedTenants suspended)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!Guid.TryParse(http.User.FindFirst(TenantClaims.TenantId)?.Value, out var tenantId)
            || !await suspended.IsSuspendedAsync(tenantId, http.RequestAborted))
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        http.Response.Headers.CacheControl = "private, no-store";
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = 403,
                Type = ProblemTypes.TenantSuspended,
                Title = "Tenant suspended",
                Detail = "This tenant is suspended: its keys and tokens are refused until an operator resumes it.",
            },
        });
    }
}
