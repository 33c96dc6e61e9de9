namespace Serverless.Infra.Config;

public sealed record ApiConfig
{
    public string StageName { get; init; } = "api";

    /// <summary>The stage-wide ceiling, above every tier's own limit.</summary>
    public double StageRateLimit { get; init; } = 200;
    public int StageBurstLimit { get; init; } = 400;

    /// <summary>The anonymous /public reads' own ceiling (a method throttle), below the stage's, so a
    /// flood of edge misses cannot use up what tenants share.</summary>
    public double PublicRateLimit { get; init; } = 100;
    public int PublicBurstLimit { get; init; } = 200;

    public IReadOnlyList<TierConfig> Tiers { get; init; } =
    [
        new() { Name = "free", RateLimit = 5, BurstLimit = 10, QuotaPerMonth = 50_000 },
        new() { Name = "standard", RateLimit = 50, BurstLimit = 100, QuotaPerMonth = 2_000_000 },
        new() { Name = "premium", RateLimit = 200, BurstLimit = 400, QuotaPerMonth = 20_000_000 },
    ];
}
