using System.Text.Json.Nodes;
using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

[Collection(PlatformsCollection.Name)]
public sealed class EdgeSpec(Platforms platforms)
{
    // AWS managed policies, by their documented ids.
    private const string CachingDisabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    private const string AllViewerExceptHost = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    private static JsonNode Config(SynthesizedEnvironment env) =>
        env.Of(env.Stacks.Edge).Single("AWS::CloudFront::Distribution")["DistributionConfig"]!;

    private static JsonNode Behavior(JsonNode config, string path) =>
        config["CacheBehaviors"]!.AsArray().Single(b => (string?)b!["PathPattern"] == path)!;

    private static JsonNode Origin(JsonNode config, string id) =>
        config["Origins"]!.AsArray().Single(o => (string?)o!["Id"] == id)!;

    [Fact]
    public void Public_reads_are_cached_by_path_and_normalised_locale_honouring_the_origin()
    {
        foreach (var env in platforms.Both)
        {
            var reads = Behavior(Config(env), "/public/*");
            var policy = env.Of(env.Stacks.Edge).Single("AWS::CloudFront::CachePolicy")["CachePolicyConfig"]!;
            var key = policy["ParametersInCacheKeyAndForwardedToOrigin"]!;

            Assert.Equal(["GET", "HEAD"], reads["AllowedMethods"]!.AsArray().Select(m => (string)m!));
            Assert.Contains("PublicContent", reads["CachePolicyId"]!.ToJsonString(), StringComparison.Ordinal);
            // Raw Accept-Language is never in the key (EdgeLocaleSpec): the locale function folds it into ?locale=.
            Assert.Equal("none", (string?)key["HeadersConfig"]!["HeaderBehavior"]);
            Assert.Equal("whitelist", (string?)key["QueryStringsConfig"]!["QueryStringBehavior"]);
            Assert.Equal(["locale"], key["QueryStringsConfig"]!["QueryStrings"]!.AsArray().Select(q => (string)q!));
            Assert.Equal("none", (string?)key["CookiesConfig"]!["CookieBehavior"]);
            // Zero default and minimum: only what the origin marks cacheable (s-maxage) is kept.
            Assert.Equal(0, (int)policy["DefaultTTL"]!);
            Assert.Equal(0, (int)policy["MinTTL"]!);
            Assert.Equal(env.Config.Edge.MaxTtlSeconds, (int)policy["MaxTTL"]!);
        }
    }

    [Fact]
    public void Tenant_API_and_every_write_go_uncached_to_the_primary_region()
    {
        foreach (var env in platforms.Both)
        {
            var config = Config(env);
            foreach (var behavior in new[] { Behavior(config, "/v1/*"), config["DefaultCacheBehavior"]! })
            {
                var origin = Origin(config, (string)behavior["TargetOriginId"]!);

                Assert.Equal(CachingDisabled, (string?)behavior["CachePolicyId"]);
                Assert.Equal(AllViewerExceptHost, (string?)behavior["OriginRequestPolicyId"]);
                Assert.Subset(behavior["AllowedMethods"]!.AsArray().Select(m => (string)m!).ToHashSet(), new HashSet<string> { "POST", "PUT", "PATCH", "DELETE" });
                Assert.Contains($".execute-api.{env.Config.Primary.Region}.", origin["DomainName"]!.ToJsonString(), StringComparison.Ordinal);
                Assert.Contains(env.Stacks.Primary.App.StackName, origin["DomainName"]!.ToJsonString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Reads_go_to_the_nearest_region_and_fail_over_to_the_primary()
    {
        var env = platforms.Production;
        var config = Config(env);
        var group = config["OriginGroups"]!["Items"]!.AsArray().Single()!;
        var members = group["Members"]!["Items"]!.AsArray().Select(m => Origin(config, (string)m!["OriginId"]!)).ToList();

        Assert.Equal((string?)group["Id"], (string?)Behavior(config, "/public/*")["TargetOriginId"]);
        Assert.Equal(env.Config.Edge.ReadOrigin!.DomainName, (string?)members[0]["DomainName"]);
        Assert.Contains($".execute-api.{env.Config.Primary.Region}.", members[1]["DomainName"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal([500, 502, 503, 504], group["FailoverCriteria"]!["StatusCodes"]!["Items"]!.AsArray().Select(c => (int)c!));
    }

    [Fact]
    public void Every_region_answers_the_latency_routed_read_origin()
    {
        var env = platforms.Production;

        Assert.All(env.Stacks.Regions, region =>
        {
            var record = env.Of(region.App).Single("AWS::Route53::RecordSet");
            Assert.Equal(region.App.Region, (string?)record["Region"]);
            Assert.Equal(region.App.Region, (string?)record["SetIdentifier"]);
            Assert.Equal(env.Config.Edge.ReadOrigin!.DomainName + ".", (string?)record["Name"]);
        });
    }

    [Fact]
    public void Without_a_latency_origin_reads_fail_over_from_the_primary_to_a_secondary()
    {
        var env = platforms.Staging;
        var config = Config(env);
        var group = config["OriginGroups"]!["Items"]!.AsArray().Single()!;
        var members = group["Members"]!["Items"]!.AsArray().Select(m => Origin(config, (string)m!["OriginId"]!)["DomainName"]!.ToJsonString()).ToList();

        Assert.Contains($".execute-api.{env.Config.Primary.Region}.", members[0], StringComparison.Ordinal);
        Assert.Contains($".execute-api.{env.Config.Secondaries[0].Region}.", members[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_response_carries_security_headers_and_requests_are_logged()
    {
        foreach (var env in platforms.Both)
        {
            var edge = env.Of(env.Stacks.Edge);
            var config = Config(env);
            var headers = edge.Single("AWS::CloudFront::ResponseHeadersPolicy")["ResponseHeadersPolicyConfig"]!["SecurityHeadersConfig"]!;
            var behaviors = config["CacheBehaviors"]!.AsArray().Append(config["DefaultCacheBehavior"]);

            Assert.All(behaviors, b => Assert.Contains("SecurityHeaders", b!["ResponseHeadersPolicyId"]!.ToJsonString(), StringComparison.Ordinal));
            Assert.True((int)headers["StrictTransportSecurity"]!["AccessControlMaxAgeSec"]! >= 31_536_000);
            Assert.Equal("DENY", (string?)headers["FrameOptions"]!["FrameOption"]);
            Assert.NotNull(headers["ContentTypeOptions"]);
            Assert.Contains("Logs", config["Logging"]!["Bucket"]!.ToJsonString(), StringComparison.Ordinal);
            Assert.All(behaviors, b => Assert.NotEqual("allow-all", (string?)b!["ViewerProtocolPolicy"]));
        }
    }

    [Fact]
    public void The_log_bucket_is_private_and_encrypted()
    {
        var bucket = platforms.Production.Of(platforms.Production.Stacks.Edge).Single("AWS::S3::Bucket");

        Assert.Contains("AES256", bucket.Text("BucketEncryption"), StringComparison.Ordinal);
        Assert.True((bool?)bucket["PublicAccessBlockConfiguration"]!["BlockPublicAcls"]);
        Assert.True((bool?)bucket["PublicAccessBlockConfiguration"]!["RestrictPublicBuckets"]);
    }
}
