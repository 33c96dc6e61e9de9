using Amazon.CDK;
using Amazon.CDK.AWS.SecretsManager;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

public sealed record RotationFunctionProps
{
    public required PlatformConfig Config { get; init; }
    public required ISecret Secret { get; init; }

    /// <summary>The function's own steps in Hooks/ (one of the <see cref="RotationFunction"/> constants).</summary>
    public required string CodeResource { get; init; }

    public required string Description { get; init; }
    public Duration Timeout { get; init; } = Duration.Seconds(30);
    public IDictionary<string, string>? Environment { get; init; }
}
