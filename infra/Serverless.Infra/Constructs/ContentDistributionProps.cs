using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

public sealed record ContentDistributionProps
{
    public required PlatformConfig Config { get; init; }
    public required string PrimaryApiDomain { get; init; }
    public required IReadOnlyList<string> SecondaryApiDomains { get; init; }
}
