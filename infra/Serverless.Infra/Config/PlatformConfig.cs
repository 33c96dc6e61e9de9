namespace Serverless.Infra.Config;

/// <summary>
/// Everything that differs between environments. The stacks read only this, so staging and production
/// deploy the same code and the same artifact with different numbers.
/// </summary>
public sealed record PlatformConfig
{
    /// <summary>Short environment name used in stack names and secret paths: "staging", "production".</summary>
    public required string Environment { get; init; }

    /// <summary>Production keeps data on delete (retain/snapshot) and turns on deletion protection.</summary>
    public bool IsProduction { get; init; }

    public required string Account { get; init; }

    /// <summary>The region that takes every write ("single brain").</summary>
    public required RegionConfig Primary { get; init; }

    /// <summary>Read-only regions: a cross-region replica, a local cache and the API.</summary>
    public IReadOnlyList<RegionConfig> Secondaries { get; init; } = [];

    public NetworkConfig Network { get; init; } = new();
    public DatabaseConfig Database { get; init; } = new();
    public CacheConfig Cache { get; init; } = new();
    public LambdaConfig Lambda { get; init; } = new();
    public QueuesConfig Queues { get; init; } = new();
    public ApiConfig Api { get; init; } = new();
    public EdgeConfig Edge { get; init; } = new();

    /// <summary>The OIDC issuer of people's tokens; required (ConfigLoader refuses an environment without an authority).</summary>
    public AuthConfig Auth { get; init; } = new();

    /// <summary>The worker's model provider.</summary>
    public LlmConfig Llm { get; init; } = new();

    /// <summary>When set, a deploy role for this repository's workflows (docs/deploy.md, "Bootstrap").</summary>
    public GitHubConfig? GitHub { get; init; }

    /// <summary>Optional address subscribed to every region's alarm topic.</summary>
    public string? AlarmEmail { get; init; }

    public IEnumerable<RegionConfig> AllRegions => Secondaries.Prepend(Primary);

    /// <summary>The same configuration with other zips (absolute paths), where given.</summary>
    public PlatformConfig WithArtifacts(string? api, string? worker, string? migrations = null) => this with
    {
        Lambda = Lambda with
        {
            ApiArtifact = api is null ? Lambda.ApiArtifact : Path.GetFullPath(api),
            WorkerArtifact = worker is null ? Lambda.WorkerArtifact : Path.GetFullPath(worker),
        },
        Database = Database with
        {
            MigrationsArtifact = migrations is null ? Database.MigrationsArtifact : Path.GetFullPath(migrations),
        },
    };
}
