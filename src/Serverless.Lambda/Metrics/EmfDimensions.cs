namespace Serverless.Lambda.Metrics;

internal static class EmfDimensions
{
    public const string Service = "Service";

    /// <summary>Tenant ids are unbounded: as dimensions they would mint a paid metric per tenant.</summary>
    public static bool IsForbidden(string tag) => tag.Contains("tenant", StringComparison.OrdinalIgnoreCase);
}
