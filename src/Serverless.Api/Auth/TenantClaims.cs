namespace Serverless.Api.Auth;

/// <summary>Claim names every authentication scheme fills in, so endpoints see one tenant context.</summary>
public static class TenantClaims
{
    public const string TenantId = "tenant_id";
    public const string TenantSlug = "tenant_slug";
    public const string Tier = "tier";
    public const string Actor = "sub";
}
