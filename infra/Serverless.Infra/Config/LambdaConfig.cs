namespace Serverless.Infra.Config;

public sealed record LambdaConfig
{
    /// <summary>The Native AOT zip (a "bootstrap" executable) for the API, relative to the repository root.</summary>
    public string ApiArtifact { get; init; } = "artifacts/lambda/serverless-api.zip";

    /// <summary>The worker's zip; it may be the same file as the API's, told apart by Serverless__Host.</summary>
    public string WorkerArtifact { get; init; } = "artifacts/lambda/serverless-worker.zip";

    /// <summary>"x86_64" or "arm64": must match the runtime identifier the artifact was published for.</summary>
    public string Architecture { get; init; } = "x86_64";

    public int ApiMemoryMb { get; init; } = 1024;
    public int WorkerMemoryMb { get; init; } = 1024;
    public int ApiTimeoutSeconds { get; init; } = 29;
    public int WorkerTimeoutSeconds { get; init; } = 120;
    public int LogRetentionDays { get; init; } = 30;

    /// <summary>
    /// The CodeDeploy traffic shift for a new version: "Canary10Percent5Minutes" in production,
    /// "AllAtOnce" where a canary buys nothing.
    /// </summary>
    public string Deployment { get; init; } = "AllAtOnce";

    /// <summary>
    /// Where the functions send traces over OTLP/HTTP (e.g. a backend's <c>https://…:4318</c>); unset: no tracing
    /// (X-Ray still records the invocations). Functions in the VPC reach it through the NAT (docs/observability.md).
    /// </summary>
    public string? TracesEndpoint { get; init; }

    /// <summary>Share of new traces kept (parent-based); error spans are kept regardless.</summary>
    public double TraceSamplingRatio { get; init; } = 0.1;
}
