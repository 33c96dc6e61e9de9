using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using Serverless.Infra.Config;
using Serverless.Infra.Constructs;

namespace Serverless.Infra.Stacks;

/// <summary>
/// A region's compute: the API behind API Gateway everywhere; the job queues and the worker only in the
/// primary, because every job ends in a write and writes belong to the primary.
/// </summary>
public sealed class AppStack : Stack
{
    public ServiceFunction ApiFunction { get; }

    /// <summary>The REQUEST authorizer in front of /v1 (docs/deploy.md, "People behind API Gateway").</summary>
    public ServiceFunction AuthorizerFunction { get; }

    public TenantApi Api { get; }
    public JobProcessing? Jobs { get; }
    public ServiceFunction? Worker => Jobs?.Worker;
    public IReadOnlyList<JobQueue> Queues => Jobs?.Queues ?? [];

    public AppStack(Construct scope, string id, AppStackProps props) : base(scope, id, props)
    {
        var config = props.Config;
        var data = props.Data;
        var isPrimary = data.Primary is not null;
        var network = props.Foundation.Network;
        var topic = props.Foundation.AlarmTopic;

        var appSecretName = ResourceNames.AppSecret(config);
        // In a secondary region the secret is Secrets Manager's replica of the primary's, under the same name.
        var appSecret = data.Primary?.AppSecret ?? Secret.FromSecretNameV2(this, "AppSecret", appSecretName);
        var consistencySecret = data.Primary?.ConsistencySecret
            ?? Secret.FromSecretNameV2(this, "ConsistencySecret", ResourceNames.ConsistencySecret(config));
        var secretsKeySecret = data.Primary?.SecretsKeySecret
            ?? Secret.FromSecretNameV2(this, "SecretsKeySecret", ResourceNames.SecretsKeySecret(config));
        var originVerifySecret = data.OriginVerify?.Secret
            ?? Secret.FromSecretNameV2(this, "OriginVerifySecret", ResourceNames.OriginVerifySecret(config));
        var idempotency = data.Idempotency?.Table ?? TableV2.FromTableName(this, "Idempotency", props.IdempotencyTableName);

        var environment = new Dictionary<string, string>
        {
            // The names the app binds (RegionOptions); a region is primary when Current equals Primary.
            ["Region__Current"] = Region,
            ["Region__Primary"] = config.Primary.Region,
            ["Region__ConsistencyKeyParameter"] = ResourceNames.SecretReference(ResourceNames.ConsistencySecret(config)),
            // Seals the budget webhook secrets the API (settings) writes and the worker reads to sign.
            ["SecretsAtRest__KeyParameter"] = ResourceNames.SecretReference(ResourceNames.SecretsKeySecret(config)),
            ["Database__Host"] = data.Primary?.Proxy.Endpoint ?? data.Replica!.Instance.DbInstanceEndpointAddress,
            ["Database__Name"] = config.Database.DatabaseName,
            ["Database__CredentialsParameter"] = ResourceNames.SecretReference(appSecretName),
            ["Redis__Host"] = data.Cache.ReplicationGroup.AttrPrimaryEndPointAddress,
            ["Redis__Port"] = Cache.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Redis__AuthParameter"] = ResourceNames.SecretReference(ResourceNames.CacheSecret(config)),
            ["Idempotency__Table"] = idempotency.TableName,
        };
        if (props.PrimaryApiUrl is { } primaryApiUrl)
        {
            environment["Region__PrimaryApiUrl"] = primaryApiUrl;
        }

        if (data.Primary is { } primaryData)
        {
            // Rotated where the secret lives; Secrets Manager replicates each version to the secondaries.
            // Two alternating steps: a new key is accepted everywhere a period before anything signs with it.
            new RotationFunction(this, "ConsistencyKeyRotation", new RotationFunctionProps
            {
                Config = config,
                Secret = primaryData.ConsistencySecret,
                CodeResource = RotationFunction.ConsistencyKey,
                Description = $"Rotates the consistency-token key ({config.Environment})",
            });
        }

        if (isPrimary)
        {
            Jobs = new JobProcessing(this, "Jobs", new JobProcessingProps
            {
                Config = config,
                Network = network,
                Key = props.Foundation.Key,
                AlarmTopic = topic,
                Environment = new Dictionary<string, string>(environment),
            });
            environment["Queues__High"] = Jobs.High.Queue.QueueUrl;
            environment["Queues__Low"] = Jobs.Low.Queue.QueueUrl;
            if (EdgeInvalidation.IsReachable(config))
            {
                // The region that publishes invalidates CloudFront (EdgeInvalidation grants the call).
                environment["Cdn__DistributionIdParameter"] = ResourceNames.DistributionIdParameter(config);
            }
        }

        // Only CloudFront knows the origin-verify value, so only requests through it reach the API, and the
        // viewer address it forwards can be trusted.
        var apiEnvironment = new Dictionary<string, string>(environment)
        {
            ["OriginVerify__SecretParameter"] = ResourceNames.SecretReference(ResourceNames.OriginVerifySecret(config)),
            ["PublicContent__TrustCloudFrontViewerAddress"] = "true",
            // People's tokens (the API's JwtOptions): keys come from the authority's JWKS, never a shared key.
            ["Jwt__Issuer"] = config.Auth.Issuer,
            ["Jwt__Audience"] = config.Auth.Audience,
            ["Jwt__Authority"] = config.Auth.Authority,
            // The reviewer console's single sign-on: the same issuer, as the app client the tokens are for.
            ["Console__SignIn__Authority"] = config.Auth.Authority,
            ["Console__SignIn__ClientId"] = config.Auth.Audience,
        };
        if (config.Auth.SignInDomain is { Length: > 0 } signInDomain)
        {
            apiEnvironment["Console__SignIn__ConnectOrigins"] = signInDomain;
        }
        ApiFunction = new ServiceFunction(this, "ApiFunction", new ServiceFunctionProps
        {
            Config = config,
            Network = network,
            Artifact = config.Lambda.ApiArtifact,
            Host = "api",
            MemoryMb = config.Lambda.ApiMemoryMb,
            TimeoutSeconds = config.Lambda.ApiTimeoutSeconds,
            Environment = apiEnvironment,
            AlarmTopic = topic,
            PreTrafficCheckPath = "/health/ready",
            CountsServerErrors = true,
        });

        foreach (var fn in new[] { ApiFunction, Worker }.OfType<ServiceFunction>())
        {
            SecretParameter.Grant(fn.Function, appSecret, appSecretName, this);
            SecretParameter.Grant(fn.Function, data.Cache.AuthSecret, ResourceNames.CacheSecret(config), this);
            SecretParameter.Grant(fn.Function, consistencySecret, ResourceNames.ConsistencySecret(config), this);
            SecretParameter.Grant(fn.Function, secretsKeySecret, ResourceNames.SecretsKeySecret(config), this);
            idempotency.GrantReadWriteData(fn.Function);
        }
        SecretParameter.Grant(ApiFunction.Function, originVerifySecret, ResourceNames.OriginVerifySecret(config), this);
        if (isPrimary && EdgeInvalidation.IsReachable(config))
        {
            EdgeInvalidation.GrantReadDistributionId(ApiFunction.Function, config, this);
        }
        foreach (var queue in Queues)
        {
            queue.Queue.GrantSendMessages(ApiFunction.Function);
        }
        Jobs?.GrantQueueLookup(ApiFunction.Function);

        // The gate in front of /v1 for people's tokens: the API's own artifact and token rules, started as
        // host "authorizer". Outside the VPC: it needs no database, and API Gateway's control plane
        // (apigateway.REGION.amazonaws.com, where it reads tenants' keys) has no VPC endpoint.
        AuthorizerFunction = new ServiceFunction(this, "AuthorizerFunction", new ServiceFunctionProps
        {
            Config = config,
            Network = network,
            Artifact = config.Lambda.ApiArtifact,
            Host = "authorizer",
            MemoryMb = 256,
            TimeoutSeconds = 10,
            Environment = new Dictionary<string, string>
            {
                ["Jwt__Issuer"] = config.Auth.Issuer,
                ["Jwt__Audience"] = config.Auth.Audience,
                ["Jwt__Authority"] = config.Auth.Authority,
            },
            AlarmTopic = topic,
            OutsideVpc = true,
            // Its 401 is a failed invocation by design: alarms and rollback watch its own failure count.
            RefusesByFailing = true,
            CountsServerErrors = true,
        });
        // GetApiKeys with values, and nothing else of API Gateway (Serverless.Api's AuthorizerNeeds).
        AuthorizerFunction.Function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["apigateway:GET"],
            Resources = [$"arn:{Partition}:apigateway:{Region}::/apikeys"],
        }));

        Api = new TenantApi(this, "Api", new TenantApiProps { Config = config, Handler = ApiFunction.Alias, Authorizer = AuthorizerFunction.Alias });
        if (config.Edge.ReadOrigin is { } readOrigin)
        {
            new LatencyOrigin(this, "ReadOrigin", new LatencyOriginProps { Domain = readOrigin, Api = Api.Api });
        }

        new RegionalMonitoring(this, "Monitoring", new RegionalMonitoringProps
        {
            Environment = config.Environment,
            AlarmTopic = topic,
            Api = Api,
            Functions = new[] { ApiFunction, Worker }.OfType<ServiceFunction>().ToList(),
            Queues = Queues,
            Primary = data.Primary,
            Replica = data.Replica,
            Cache = data.Cache,
        });

        // Read by scripts/smoke-test.sh from `cdk deploy --outputs-file`.
        new CfnOutput(this, "ApiUrl", new CfnOutputProps { Value = Api.Api.Url });
    }
}
