namespace Serverless.Api.Auth;

/// <summary>Who a valid person's token names: one tenant, one role, one subject.</summary>
public sealed record PersonClaims(Guid TenantId, string Role, string Subject);
