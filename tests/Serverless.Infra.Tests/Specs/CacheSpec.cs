using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

[Collection(PlatformsCollection.Name)]
public sealed class CacheSpec(Platforms platforms)
{
    [Fact]
    public void Every_region_has_a_cache_with_TLS_required_auth_and_encryption_at_rest()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var region in env.Stacks.Regions)
            {
                var cache = env.Of(region.Data).Single("AWS::ElastiCache::ReplicationGroup");

                Assert.True((bool?)cache["TransitEncryptionEnabled"]);
                Assert.Equal("required", (string?)cache["TransitEncryptionMode"]);
                Assert.True((bool?)cache["AtRestEncryptionEnabled"]);
                Assert.Contains("RegionKey", cache.Text("KmsKeyId"), StringComparison.Ordinal);
                // A dynamic reference, resolved by CloudFormation: the token itself is never in the template.
                Assert.Contains("{{resolve:secretsmanager:", cache.Text("AuthToken"), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Production_caches_fail_over_across_zones()
    {
        var cache = platforms.Production.Of(platforms.Production.Stacks.Primary.Data).Single("AWS::ElastiCache::ReplicationGroup");

        Assert.True((bool?)cache["AutomaticFailoverEnabled"]);
        Assert.True((bool?)cache["MultiAZEnabled"]);
    }
}
