using Amazon.CDK;
using Serverless.Infra.Config;

namespace Serverless.Infra.Stacks;

public sealed class AppStackProps : StackProps
{
    public required PlatformConfig Config { get; init; }
    public required FoundationStack Foundation { get; init; }
    public required DataStack Data { get; init; }

    /// <summary>The global table's name (identical in every replica region).</summary>
    public required string IdempotencyTableName { get; init; }

    /// <summary>Secondaries redirect (308) a write that reaches them directly to this URL; null in the primary.</summary>
    public string? PrimaryApiUrl { get; init; }
}
