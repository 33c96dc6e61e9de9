using System.Reflection;

namespace Serverless.Api.Auth;

/// <summary>
/// The tenant a request acts for and who is acting, resolved once by authentication. Endpoints take it
/// as a parameter; it never comes from the body or the route.
/// </summary>
public sealed record TenantContext(Guid TenantId, string TenantSlug, string Tier, string Actor)
{
    public static TenantContext? From(HttpContext context)
    {
        var user = context.User;
        return Guid.TryParse(user.FindFirst(TenantClaims.TenantId)?.Value, out var tenantId)
            ? new TenantContext(
                tenantId,
                user.FindFirst(TenantClaims.TenantSlug)?.Value ?? "",
                user.FindFirst(TenantClaims.Tier)?.Value ?? "",
                user.FindFirst(TenantClaims.Actor)?.Value ?? user.FindFirst(TenantClaims.Subject)?.Value ?? "unknown")
            : null;
    }

    public static ValueTask<TenantContext?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<TenantContext?>(From(context)
            ?? throw new InvalidOperationException($"Endpoint taking {parameter.Name} must require authorization."));
}
