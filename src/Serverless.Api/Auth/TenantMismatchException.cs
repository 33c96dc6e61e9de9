namespace Serverless.Api.Auth;

/// <summary>An API key and a bearer token that arrived together name different tenants.</summary>
public sealed class TenantMismatchException()
    : Exception("The API key and the bearer token belong to different tenants.");
