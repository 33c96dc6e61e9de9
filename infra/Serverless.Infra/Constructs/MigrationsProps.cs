using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

public sealed record MigrationsProps
{
    public required PlatformConfig Config { get; init; }
    public required Network Network { get; init; }
    public required PrimaryDatabase Database { get; init; }

    /// <summary>The operator CLI published self-contained for linux-x64 and zipped (scripts/infra-package-cli.sh).</summary>
    public required string CliArtifact { get; init; }
}
