namespace Serverless.Aws.Gateway;

/// <summary>An API Gateway API key, without its value; <see cref="CustomerId"/> is the tenant id onboarding filed it under.</summary>
public sealed record GatewayKey(string Id, string Name, string? CustomerId = null);
