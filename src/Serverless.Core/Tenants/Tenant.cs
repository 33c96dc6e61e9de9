namespace Serverless.Core.Tenants;

public sealed record Tenant(Guid Id, string Slug, string Name, string Tier, DateTimeOffset CreatedAt);
