namespace Serverless.Infra.Constructs;

/// <summary>
/// Names shared between the stacks and the application's Embedded Metric Format output. The token
/// metric must match what Serverless.Lambda's EMF exporter writes for Serverless.Core's meter.
/// </summary>
public static class Observability
{
    public const string MetricNamespace = "Serverless";
    public const string TokenMetric = "serverless.llm.tokens";
}
