namespace Serverless.Api.Authorizer;

/// <summary>Where the authorizer finds tenants' usage-plan keys, and how long it remembers them.</summary>
public sealed class AuthorizerOptions
{
    public const string Section = "Authorizer";

    /// <summary>The region of the API (and its keys); Lambda's <c>AWS_REGION</c> when unset.</summary>
    public string? Region { get; set; }

    /// <summary>The API Gateway management endpoint; <c>https://apigateway.{Region}.amazonaws.com</c> when unset (set by tests).</summary>
    public string? GatewayUrl { get; set; }

    /// <summary>
    /// How long a tenant's key (or the absence of one) is remembered. It bounds how long a new tenant's
    /// people wait after onboarding, and how long a pruned key is still handed out (API Gateway then
    /// answers 403 until the entry expires); every entry costs one GetApiKeys call.
    /// </summary>
    public int KeyCacheSeconds { get; set; } = 60;
}
