namespace Serverless.Aws.Gateway;

/// <summary>An API Gateway API key, without its value.</summary>
public sealed record GatewayKey(string Id, string Name);
