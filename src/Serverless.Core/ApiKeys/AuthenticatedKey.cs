namespace Serverless.Core.ApiKeys;

/// <summary>A presented key that matched a stored one, and the tenant it belongs to.</summary>
public sealed record AuthenticatedKey(Guid KeyId, Guid TenantId, string TenantSlug, string TenantTier);
