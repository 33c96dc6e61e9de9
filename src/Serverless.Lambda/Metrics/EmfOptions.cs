namespace Serverless.Lambda.Metrics;

/// <summary>CloudWatch EMF settings, read from <c>Lambda:Metrics</c>.</summary>
public sealed class EmfOptions
{
    public const string Section = "Lambda:Metrics";

    /// <summary>CloudWatch caps a dimension set at 30 keys; Service is one of them.</summary>
    public const int MaxDimensions = 30;

    public string Namespace { get; set; } = "Serverless";

    public string Service { get; set; } = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME") ?? "serverless";

    /// <summary>Meters whose name starts with one of these are exported.</summary>
    public IList<string> Meters { get; } = ["Serverless", "Microsoft.AspNetCore.Hosting"];

    /// <summary>
    /// Tags that become dimensions (every other tag is aggregated away). Each distinct value is a paid
    /// custom metric, so only low-cardinality tags belong here, and never a tenant.
    /// </summary>
    public IList<string> Dimensions { get; } = [];

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Namespace) || string.IsNullOrWhiteSpace(Service))
        {
            throw new InvalidOperationException($"{Section}: Namespace and Service are required.");
        }

        if (Dimensions.Count + 1 > MaxDimensions)
        {
            throw new InvalidOperationException($"{Section}: at most {MaxDimensions - 1} dimensions besides Service.");
        }

        if (Dimensions.FirstOrDefault(EmfDimensions.IsForbidden) is { } forbidden)
        {
            throw new InvalidOperationException($"{Section}: '{forbidden}' cannot be a dimension: one metric per tenant is unbounded cost.");
        }
    }
}
