using Amazon.CDK;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.CloudFront.Origins;
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

    public Distribution Distribution { get; }
    public CachePolicy PublicCachePolicy { get; }

    public ContentDistribution(Construct scope, string id, ContentDistributionProps props) : base(scope, id)
    {
        var config = props.Config;
        var stagePath = "/" + config.Api.StageName;
        HttpOrigin ApiOrigin(string domain, string path) => new(domain, new HttpOriginProps
        {
            OriginPath = path,
            ProtocolPolicy = OriginProtocolPolicy.HTTPS_ONLY,
            OriginSslProtocols = [OriginSslPolicy.TLS_V1_2],
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
        // nothing the origin does not mark cacheable; one entry per path, Accept-Language and ?locale=
        // (the public endpoint picks the locale from that parameter: without it in the key, every
        // locale of an item would share one edge copy).
        PublicCachePolicy = new CachePolicy(this, "PublicContent", new CachePolicyProps
        {
            Comment = "Published content: origin s-maxage, keyed by path, locale and Accept-Language",
            MinTtl = Duration.Seconds(0),
            DefaultTtl = Duration.Seconds(0),
            MaxTtl = Duration.Seconds(config.Edge.MaxTtlSeconds),
            HeaderBehavior = CacheHeaderBehavior.AllowList("Accept-Language"),
            QueryStringBehavior = CacheQueryStringBehavior.AllowList("locale"),
            CookieBehavior = CacheCookieBehavior.None(),
            EnableAcceptEncodingGzip = true,
            EnableAcceptEncodingBrotli = true,
        });

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
                    ViewerProtocolPolicy = ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                    ResponseHeadersPolicy = securityHeaders,
                    Compress = true,
                },
                [$"/{TenantApi.TenantPrefix}/*"] = tenantApi,
            },
        });
    }
}
