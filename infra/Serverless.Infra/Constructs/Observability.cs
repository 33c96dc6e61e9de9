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
}
