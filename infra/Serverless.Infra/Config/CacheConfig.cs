namespace Serverless.Infra.Config;

public sealed record CacheConfig
{
    public string NodeType { get; init; } = "cache.t4g.micro";

    /// <summary>1 is a single node; 2 or more adds replicas with automatic failover across zones.</summary>
    public int Nodes { get; init; } = 1;

    public string Engine { get; init; } = "valkey";
    public string EngineVersion { get; init; } = "7.2";
    public int SnapshotRetentionDays { get; init; }
}
