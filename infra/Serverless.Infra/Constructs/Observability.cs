namespace Serverless.Infra.Constructs;

/// <summary>
/// Names shared between the stacks and the application's Embedded Metric Format output. Serverless.Lambda
/// writes each instrument under its own name, so the token metric must be the name of the instrument that
/// counts LLM tokens in Serverless.Core's "Serverless" meter.
/// </summary>
public static class Observability
{
    public const string MetricNamespace = "Serverless";
    public const string TokenMetric = "serverless.llm.tokens";

    /// <summary>The API's count of 5xx answers (Serverless.Api's ServerErrorMetrics), tagged with the function version.</summary>
    public const string ServerErrorMetric = "serverless.api.server_errors";

    /// <summary>The tag, and EMF dimension, carrying the Lambda function version that answered.</summary>
    public const string VersionDimension = "faas.version";
}
