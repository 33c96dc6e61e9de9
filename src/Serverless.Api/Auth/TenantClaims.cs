namespace Serverless.Api.Auth;

/// <summary>Claim names every authentication scheme fills in, so endpoints see one tenant context.</summary>
public static class TenantClaims
{
    public const string TenantId = "tenant_id";
    public const string TenantSlug = "tenant_slug";
    public const string Tier = "tier";
    public const string Subject = "sub";
    public const string Role = "role";

    /// <summary>Who acts, as the audit log records it: <c>apikey:{id}</c> or <c>user:{sub}</c>.</summary>
    public const string Actor = "actor";
}
