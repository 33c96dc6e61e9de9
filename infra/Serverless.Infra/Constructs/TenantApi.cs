using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.AWS.APIGateway;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SSM;
using Constructs;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

/// <summary>
/// The regional REST API (usage plans and API keys exist only on REST APIs): tenant routes under /v1
/// go through the JWT authorizer, which names the API key (the product's own, or the tenant's key for a
/// person's token) whose usage plan meters the request; /public and /health need none.
/// </summary>
public sealed class TenantApi : Construct
{
    public const string TenantPrefix = "v1";
    public const string PublicPrefix = "public";

    /// <summary>The anonymous read method, as a stage's method settings name it ("resource/METHOD").</summary>
    public const string PublicMethodPath = "/" + PublicPrefix + "/{proxy+}/GET";

    public RestApi Api { get; }
    public IReadOnlyDictionary<string, UsagePlan> UsagePlans { get; }

    /// <summary>The execute-api host name, for CloudFront origins in any region.</summary>
    public string DomainName => $"{Api.RestApiId}.execute-api.{Stack.Of(this).Region}.{Stack.Of(this).UrlSuffix}";

    public TenantApi(Construct scope, string id, TenantApiProps props) : base(scope, id)
    {
        var config = props.Config;
        var accessLogs = new LogGroup(this, "AccessLogs", new LogGroupProps
        {
            Retention = LogRetention.AtLeast(config.Lambda.LogRetentionDays),
            RemovalPolicy = config.IsProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });

        Api = new RestApi(this, "Api", new RestApiProps
        {
            Description = $"Serverless {config.Environment} API",
            // CloudFront is the edge; an edge-optimised endpoint would put a second distribution behind it.
            EndpointConfiguration = new EndpointConfiguration { Types = [EndpointType.REGIONAL] },
            // The authorizer names the usage key: a product's x-api-key as sent, or for a person signed in
            // with a token, their tenant's key. With HEADER, people (who have no key) could never get in.
            ApiKeySourceType = ApiKeySourceType.AUTHORIZER,
            CloudWatchRole = true,
            DisableExecuteApiEndpoint = false,
            DeployOptions = new StageOptions
            {
                StageName = config.Api.StageName,
                ThrottlingRateLimit = config.Api.StageRateLimit,
                ThrottlingBurstLimit = config.Api.StageBurstLimit,
                AccessLogDestination = new LogGroupLogDestination(accessLogs),
                AccessLogFormat = AccessLogFormat.Custom(AccessLogLine()),
                MetricsEnabled = true,
                TracingEnabled = true,
                LoggingLevel = MethodLoggingLevel.ERROR,
                // Request and response bodies carry tenant content: never into execution logs.
                DataTraceEnabled = false,
                // Anonymous reads that miss the edge get their own, lower ceiling, so they cannot spend
                // the throughput every tenant's /v1 calls share.
                MethodOptions = new Dictionary<string, IMethodDeploymentOptions>
                {
                    [PublicMethodPath] = new MethodDeploymentOptions
                    {
                        ThrottlingRateLimit = config.Api.PublicRateLimit,
                        ThrottlingBurstLimit = config.Api.PublicBurstLimit,
                        // A method's own settings replace the stage's: repeat the rest of them.
                        MetricsEnabled = true,
                        LoggingLevel = MethodLoggingLevel.ERROR,
                        DataTraceEnabled = false,
                    },
                },
            },
        });

        var integration = new LambdaIntegration(props.Handler, new LambdaIntegrationOptions { Proxy = true });
        var authorizer = new RequestAuthorizer(this, "JwtAuthorizer", new RequestAuthorizerProps
        {
            Handler = props.Authorizer,
            // No identity source: a key-only request has no Authorization header and a token-only one no
            // x-api-key, and API Gateway refuses a request missing an identity source before the
            // authorizer runs. Without one, caching must be off (each answer is for one request anyway).
            IdentitySources = [],
            ResultsCacheTtl = Duration.Seconds(0),
        });
        var keyed = new MethodOptions { ApiKeyRequired = true, Authorizer = authorizer, AuthorizationType = AuthorizationType.CUSTOM };
        var open = new MethodOptions { ApiKeyRequired = false };

        var tenant = Api.Root.AddResource(TenantPrefix);
        var tenantProxy = tenant.AddResource("{proxy+}");
        foreach (var resource in new[] { tenant, tenantProxy })
        {
            resource.AddMethod("ANY", integration, keyed);
            // A browser's preflight carries no key or token: the API answers it from the tenants' CORS origins.
            resource.AddMethod("OPTIONS", integration, open);
        }

        // Published content for end users: read-only, cached by CloudFront, no key.
        Api.Root.AddResource(PublicPrefix).AddResource("{proxy+}").AddMethod("GET", integration, open);
        Api.Root.AddResource("health").AddResource("{proxy+}").AddMethod("GET", integration, open);

        var plans = new Dictionary<string, UsagePlan>();
        foreach (var tier in config.Api.Tiers)
        {
            var plan = Api.AddUsagePlan($"{tier.Name}Plan", new UsagePlanProps
            {
                Description = $"Tier {tier.Name}: {tier.RateLimit} rps, burst {tier.BurstLimit}, {tier.QuotaPerMonth} requests a month",
                Throttle = new ThrottleSettings { RateLimit = tier.RateLimit, BurstLimit = tier.BurstLimit },
                Quota = new QuotaSettings { Limit = tier.QuotaPerMonth, Period = Period.MONTH },
                ApiStages = [new UsagePlanPerApiStage { Api = Api, Stage = Api.DeploymentStage }],
            });
            // Onboarding looks the plan up by tier: aws apigateway create-usage-plan-key --usage-plan-id <this>.
            new StringParameter(this, $"{tier.Name}PlanId", new StringParameterProps
            {
                ParameterName = ResourceNames.UsagePlanParameter(config, tier.Name),
                StringValue = plan.UsagePlanId,
                Description = $"Usage plan for tenants on the {tier.Name} tier",
            });
            plans[tier.Name] = plan;
        }
        UsagePlans = plans;
    }

    private static string AccessLogLine() => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["requestId"] = AccessLogField.ContextRequestId(),
        ["time"] = AccessLogField.ContextRequestTime(),
        ["ip"] = AccessLogField.ContextIdentitySourceIp(),
        ["method"] = AccessLogField.ContextHttpMethod(),
        ["resource"] = AccessLogField.ContextResourcePath(),
        ["status"] = AccessLogField.ContextStatus(),
        ["latencyMs"] = AccessLogField.ContextResponseLatency(),
        ["bytes"] = AccessLogField.ContextResponseLength(),
        // The key id (not the key) attributes traffic to a tenant without logging a secret.
        ["apiKeyId"] = AccessLogField.ContextIdentityApiKeyId(),
        ["error"] = AccessLogField.ContextErrorMessage(),
        ["integrationError"] = AccessLogField.ContextIntegrationErrorMessage(),
    });
}
