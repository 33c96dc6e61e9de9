namespace Serverless.Core.ApiKeys;

/// <summary>What an operator may see of a key: never its secret.</summary>
public sealed record ApiKeyInfo(
    Guid Id, Guid TenantId, string Prefix, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null || RevokedAt > now;
}
