namespace Serverless.Lambda.SampleApi;

/// <summary>What an endpoint sees of the Lambda invocation and of API Gateway.</summary>
public sealed record ContextView(
    string? AwsRequestId,
    long RemainingMs,
    string? FunctionArn,
    string? TraceIdEnvironment,
    string TraceIdentifier,
    string? ApiKeyId,
    bool Authenticated,
    Dictionary<string, string> Claims,
    Guid ScopeId,
    Guid ScopeIdAgain);
