using Amazon.CDK;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.CloudFront.Origins;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.Route53.Targets;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace Serverless.Infra.Constructs;

/// <summary>
/// The one public entry point. CloudFront picks a behaviour by path, never by method, so:
/// /public/* (GET and HEAD only) is cached and read from the nearest region, failing over to the
/// primary; everything else (tenant API, writes of any kind) goes uncached to the primary region.
/// </summary>
public sealed class ContentDistribution : Construct
{
    public static readonly double[] FailoverStatusCodes = [500, 502, 503, 504];

    /// <summary>Sent to every API origin; the API refuses requests without it (OriginVerify__SecretParameter).</summary>
    public const string OriginVerifyHeader = "x-origin-verify";

    /// <summary>The viewer's address as CloudFront saw it: the API's per-IP limit reads it
    /// (PublicContent__TrustCloudFrontViewerAddress), since the API sees only CloudFront's own address.</summary>
    public const string ViewerAddressHeader = "CloudFront-Viewer-Address";

    public Distribution Distribution { get; }
    public CachePolicy PublicCachePolicy { get; }
    public PublicLocaleFunction PublicLocale { get; }

    public ContentDistribution(Construct scope, string id, ContentDistributionProps props) : base(scope, id)
    {
        var config = props.Config;
        var stagePath = "/" + config.Api.StageName;
        // A dynamic reference: CloudFormation reads the value at deploy time, so it is in no template.
        var originVerify = SecretValue.SecretsManager(props.OriginVerifySecretName, new SecretsManagerSecretOptions
        {
            JsonField = "secret",
            VersionId = config.Edge.OriginVerifyVersionId,
        }).UnsafeUnwrap();
        HttpOrigin ApiOrigin(string domain, string path) => new(domain, new HttpOriginProps
        {
            OriginPath = path,
            ProtocolPolicy = OriginProtocolPolicy.HTTPS_ONLY,
            OriginSslProtocols = [OriginSslPolicy.TLS_V1_2],
            CustomHeaders = new Dictionary<string, string> { [OriginVerifyHeader] = originVerify },
        });

        var primary = ApiOrigin(props.PrimaryApiDomain, stagePath);
        // With a latency-routed origin name the nearest region answers; without one, reads stay on the
        // primary and fail over to the first secondary.
        IOrigin readOrigin = (config.Edge.ReadOrigin, props.SecondaryApiDomains.Count) switch
        {
            ({ } latency, _) => new OriginGroup(new OriginGroupProps
            {
                PrimaryOrigin = ApiOrigin(latency.DomainName, ""),
                FallbackOrigin = ApiOrigin(props.PrimaryApiDomain, stagePath),
                FallbackStatusCodes = FailoverStatusCodes,
            }),
            (null, > 0) => new OriginGroup(new OriginGroupProps
            {
                PrimaryOrigin = ApiOrigin(props.PrimaryApiDomain, stagePath),
                FallbackOrigin = ApiOrigin(props.SecondaryApiDomains[0], stagePath),
                FallbackStatusCodes = FailoverStatusCodes,
            }),
            _ => ApiOrigin(props.PrimaryApiDomain, stagePath),
        };

        // Honours the origin's Cache-Control (s-maxage wins over max-age at a shared cache); caches
        // nothing the origin does not mark cacheable; one entry per path and ?locale=. The viewer-request
        // function has already reduced ?locale= and Accept-Language to one supported locale (or none), so
        // the key has a bounded set of values and junk cannot turn every request into a miss.
        PublicCachePolicy = new CachePolicy(this, "PublicContent", new CachePolicyProps
        {
            Comment = "Published content: origin s-maxage, keyed by path and the normalised locale",
            MinTtl = Duration.Seconds(0),
            DefaultTtl = Duration.Seconds(0),
            MaxTtl = Duration.Seconds(config.Edge.MaxTtlSeconds),
            HeaderBehavior = CacheHeaderBehavior.None(),
            QueryStringBehavior = CacheQueryStringBehavior.AllowList("locale"),
            CookieBehavior = CacheCookieBehavior.None(),
            EnableAcceptEncodingGzip = true,
            EnableAcceptEncodingBrotli = true,
        });
        var publicOriginRequest = new OriginRequestPolicy(this, "PublicOriginRequest", new OriginRequestPolicyProps
        {
            Comment = "Published content: the cache key plus the viewer address for the per-IP limit",
            HeaderBehavior = OriginRequestHeaderBehavior.AllowList(ViewerAddressHeader),
            QueryStringBehavior = OriginRequestQueryStringBehavior.None(),
            CookieBehavior = OriginRequestCookieBehavior.None(),
        });
        PublicLocale = new PublicLocaleFunction(this, "PublicLocale", config.Edge.Locales);

        var securityHeaders = new ResponseHeadersPolicy(this, "SecurityHeaders", new ResponseHeadersPolicyProps
        {
            Comment = "Security headers on every response",
            SecurityHeadersBehavior = new ResponseSecurityHeadersBehavior
            {
                StrictTransportSecurity = new ResponseHeadersStrictTransportSecurity
                {
                    AccessControlMaxAge = Duration.Days(730),
                    IncludeSubdomains = true,
                    Preload = true,
                    Override = true,
                },
                ContentTypeOptions = new ResponseHeadersContentTypeOptions { Override = true },
                FrameOptions = new ResponseHeadersFrameOptions { FrameOption = HeadersFrameOption.DENY, Override = true },
                ReferrerPolicy = new ResponseHeadersReferrerPolicy { ReferrerPolicy = HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, Override = true },
                XssProtection = new ResponseHeadersXSSProtection { Protection = true, ModeBlock = true, Override = true },
            },
        });

        var logs = new Bucket(this, "Logs", new BucketProps
        {
            // CloudFront standard logs are delivered with ACLs and cannot use a KMS key.
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_PREFERRED,
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            LifecycleRules = [new LifecycleRule { Expiration = Duration.Days(config.Edge.LogRetentionDays) }],
            RemovalPolicy = config.IsProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
            AutoDeleteObjects = !config.IsProduction,
        });

        var tenantApi = new BehaviorOptions
        {
            Origin = primary,
            AllowedMethods = AllowedMethods.ALLOW_ALL,
            CachePolicy = CachePolicy.CACHING_DISABLED,
            // Passes x-api-key, Authorization and the query string; Host must stay API Gateway's own.
            OriginRequestPolicy = OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
            ViewerProtocolPolicy = ViewerProtocolPolicy.HTTPS_ONLY,
            ResponseHeadersPolicy = securityHeaders,
        };

        Distribution = new Distribution(this, "Distribution", new DistributionProps
        {
            Comment = $"Serverless {config.Environment}",
            PriceClass = Enum.Parse<PriceClass>(config.Edge.PriceClass.Replace("PriceClass_", "PRICE_CLASS_", StringComparison.Ordinal).ToUpperInvariant()),
            HttpVersion = HttpVersion.HTTP2_AND_3,
            WebAclId = props.WebAclArn,
            // Applied only with a certificate of our own: the default *.cloudfront.net one allows TLS 1.0.
            DomainNames = config.Edge.Domain is { } domain ? [domain.DomainName] : null,
            Certificate = props.Certificate,
            MinimumProtocolVersion = SecurityPolicyProtocol.TLS_V1_2_2021,
            EnableLogging = true,
            LogBucket = logs,
            LogFilePrefix = "cloudfront/",
            DefaultBehavior = tenantApi,
            AdditionalBehaviors = new Dictionary<string, IBehaviorOptions>
            {
                [$"/{TenantApi.PublicPrefix}/*"] = new BehaviorOptions
                {
                    Origin = readOrigin,
                    // Published content is read-only; an origin group fails over only GET, HEAD and OPTIONS anyway.
                    AllowedMethods = AllowedMethods.ALLOW_GET_HEAD,
                    CachedMethods = CachedMethods.CACHE_GET_HEAD,
                    CachePolicy = PublicCachePolicy,
                    OriginRequestPolicy = publicOriginRequest,
                    FunctionAssociations =
                    [
                        new FunctionAssociation { Function = PublicLocale.Function, EventType = FunctionEventType.VIEWER_REQUEST },
                    ],
                    ViewerProtocolPolicy = ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                    ResponseHeadersPolicy = securityHeaders,
                    Compress = true,
                },
                [$"/{TenantApi.TenantPrefix}/*"] = tenantApi,
            },
        });

        if (config.Edge.Domain is { HostedZoneId: { } zoneId, ZoneName: { } zoneName } named)
        {
            var zone = HostedZone.FromHostedZoneAttributes(this, "Zone", new HostedZoneAttributes { HostedZoneId = zoneId, ZoneName = zoneName });
            var target = RecordTarget.FromAlias(new CloudFrontTarget(Distribution));
            new ARecord(this, "Alias", new ARecordProps { Zone = zone, RecordName = named.DomainName, Target = target });
            new AaaaRecord(this, "AliasV6", new AaaaRecordProps { Zone = zone, RecordName = named.DomainName, Target = target });
        }
    }
}
