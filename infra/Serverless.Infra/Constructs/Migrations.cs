using Amazon.CDK;
using Amazon.CDK.AWS.CodeBuild;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3.Assets;
using Constructs;

namespace Serverless.Infra.Constructs;

/// <summary>
/// Runs `Serverless.Cli migrate` as the owner inside the VPC, where the isolated database can be reached.
/// A CodeBuild project rather than a Lambda: migrations may take longer than 15 minutes, and the operator
/// CLI is a plain console program. It connects to the instance, not the proxy, because the migrator holds
/// a session-level advisory lock. scripts/infra-migrate.sh starts it between the data and the app stacks.
/// </summary>
public sealed class Migrations : Construct
{
    public Project Project { get; }

    public Migrations(Construct scope, string id, MigrationsProps props) : base(scope, id)
    {
        var config = props.Config;
        var owner = props.Database.OwnerSecret;
        var cli = new Asset(this, "Cli", new AssetProps { Path = props.CliArtifact });

        var securityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = props.Network.Vpc,
            Description = "Schema migrations",
            AllowAllOutbound = true,
        });
        props.Database.Instance.Connections.AllowDefaultPortFrom(securityGroup, "Schema migrations");

        Project = new Project(this, "Project", new ProjectProps
        {
            Description = $"Serverless {config.Environment}: apply pending schema migrations as {PrimaryDatabase.OwnerUser}",
            Source = Source.S3(new S3SourceProps { Bucket = cli.Bucket, Path = cli.S3ObjectKey }),
            Environment = new BuildEnvironment
            {
                // Amazon Linux 2023: the self-contained CLI needs no .NET installed.
                BuildImage = LinuxBuildImage.AMAZON_LINUX_2_5,
                ComputeType = ComputeType.SMALL,
            },
            Vpc = props.Network.Vpc,
            SubnetSelection = props.Network.AppSubnetSelection,
            SecurityGroups = [securityGroup],
            Timeout = Duration.Minutes(30),
            ConcurrentBuildLimit = 1,
            EnvironmentVariables = new Dictionary<string, IBuildEnvironmentVariable>
            {
                ["DB_HOST"] = new BuildEnvironmentVariable { Value = props.Database.Instance.DbInstanceEndpointAddress },
                ["DB_NAME"] = new BuildEnvironmentVariable { Value = config.Database.DatabaseName },
                // Resolved by CodeBuild at build time, never stored in the project.
                ["DB_USER"] = new BuildEnvironmentVariable { Type = BuildEnvironmentVariableType.SECRETS_MANAGER, Value = $"{owner.SecretArn}:username" },
                ["DB_PASSWORD"] = new BuildEnvironmentVariable { Type = BuildEnvironmentVariableType.SECRETS_MANAGER, Value = $"{owner.SecretArn}:password" },
            },
            BuildSpec = BuildSpec.FromObject(new Dictionary<string, object>
            {
                ["version"] = "0.2",
                ["phases"] = new Dictionary<string, object>
                {
                    ["build"] = new Dictionary<string, object>
                    {
                        ["commands"] = new[]
                        {
                            "chmod +x ./Serverless.Cli",
                            // rds.force_ssl refuses plaintext; Require encrypts without a CA bundle in the image.
                            "export Database__Admin=\"Host=$DB_HOST;Port=5432;Database=$DB_NAME;Username=$DB_USER;Password=$DB_PASSWORD;SSL Mode=Require\"",
                            "./Serverless.Cli migrate",
                        },
                    },
                },
            }),
            Logging = new LoggingOptions
            {
                CloudWatch = new CloudWatchLoggingOptions
                {
                    LogGroup = new LogGroup(this, "Logs", new LogGroupProps
                    {
                        Retention = LogRetention.AtLeast(config.Lambda.LogRetentionDays),
                        RemovalPolicy = config.IsProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
                    }),
                },
            },
        });
        owner.GrantRead(Project);

        new CfnOutput(this, "ProjectName", new CfnOutputProps
        {
            Value = Project.ProjectName,
            Description = "Started by scripts/infra-migrate.sh before the app stacks deploy",
        });
    }
}
