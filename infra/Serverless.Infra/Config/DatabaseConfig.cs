namespace Serverless.Infra.Config;

public sealed record DatabaseConfig
{
    /// <summary>An RDS instance class without the "db." prefix, e.g. "t4g.micro".</summary>
    public string InstanceClass { get; init; } = "t4g.micro";

    /// <summary>The replicas' class; replicas serve only reads, so they may be smaller.</summary>
    public string ReplicaInstanceClass { get; init; } = "t4g.micro";

    public int AllocatedStorageGb { get; init; } = 20;
    public int MaxAllocatedStorageGb { get; init; } = 100;
    public int BackupRetentionDays { get; init; } = 7;
    public bool MultiAz { get; init; }
    public string DatabaseName { get; init; } = "serverless";
    public int RotationDays { get; init; } = 30;

    /// <summary>The operator CLI (self-contained linux-x64 zip) that applies the migrations in the VPC.</summary>
    public string MigrationsArtifact { get; init; } = "artifacts/lambda/serverless-cli.zip";
}
