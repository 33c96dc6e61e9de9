namespace Serverless.Infra.Config;

/// <summary>A tenant tier and its API Gateway usage plan. Names match Serverless.Core's TenantTiers.</summary>
public sealed record TierConfig
{
    public required string Name { get; init; }
    public double RateLimit { get; init; }
    public int BurstLimit { get; init; }
    public int QuotaPerMonth { get; init; }
}
