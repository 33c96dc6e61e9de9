using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace Serverless.Api.Auth;

/// <summary>
/// The tenant a request acts for and who is acting, resolved once by authentication. Endpoints take it
/// as a parameter; it never comes from the body or the route.
/// </summary>
public sealed record TenantContext(Guid TenantId, string TenantSlug, string Tier, string Actor)
{
    public static TenantContext? From(HttpContext context)
    {
        if (AuthenticatedUser(context) is not { } user)
        {
            return null;
        }
        return Guid.TryParse(user.FindFirst(TenantClaims.TenantId)?.Value, out var tenantId)
            ? new TenantContext(
                tenantId,
                user.FindFirst(TenantClaims.TenantSlug)?.Value ?? "",
                user.FindFirst(TenantClaims.Tier)?.Value ?? "",
                user.FindFirst(TenantClaims.Actor)?.Value ?? user.FindFirst(TenantClaims.Subject)?.Value ?? "unknown")
            : null;
    }

    /// <summary>
    /// The request's user when anything set one (authentication, or the Lambda host from API Gateway's authorizer);
    /// null for an anonymous request. Unlike <see cref="HttpContext.User"/> it does not create an empty principal
    /// (a principal, an identity and their lists) for a request that never had one.
    /// </summary>
    public static ClaimsPrincipal? AuthenticatedUser(HttpContext context) => context.Features.Get<IHttpAuthenticationFeature>()?.User;

    public static ValueTask<TenantContext?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<TenantContext?>(From(context)
            ?? throw new InvalidOperationException($"Endpoint taking {parameter.Name} must require authorization."));
}
