using Serverless.Infra.Config;
using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

public sealed class ConfigSpec
{
    [Theory]
    [InlineData("staging.json")]
    [InlineData("production.json")]
    public void Shipped_configurations_load_and_use_the_tiers_the_core_knows(string file)
    {
        var config = ConfigLoader.Load(RepoPaths.Of("infra", "config", file), RepoPaths.Root);

        Assert.Equal(["free", "premium", "standard"], config.Api.Tiers.Select(t => t.Name).Order());
        Assert.NotEmpty(config.Secondaries);
    }

    [Fact]
    public void Only_production_runs_a_canary()
    {
        var staging = ConfigLoader.Load(RepoPaths.Of("infra", "config", "staging.json"), RepoPaths.Root);
        var production = ConfigLoader.Load(RepoPaths.Of("infra", "config", "production.json"), RepoPaths.Root);

        Assert.Equal("Canary10Percent5Minutes", production.Lambda.Deployment);
        Assert.Equal("AllAtOnce", staging.Lambda.Deployment);
        Assert.True(production.IsProduction);
        Assert.False(staging.IsProduction);
    }

    [Fact]
    public void A_configuration_CloudFormation_would_reject_is_refused_before_synthesis()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, """
            {
              "environment": "bad", "account": "1", "primary": { "region": "eu-central-1", "availabilityZones": ["eu-central-1a"] },
              "secondaries": [ { "region": "eu-central-1", "availabilityZones": ["eu-central-1a", "eu-central-1b"] } ],
              "lambda": { "deployment": "YoloAllTraffic" }, "api": { "tiers": [] }
            }
            """);

        var error = Assert.Throws<InvalidOperationException>(() => ConfigLoader.Load(file, RepoPaths.Root));
        File.Delete(file);

        Assert.Contains("listed twice", error.Message, StringComparison.Ordinal);
        Assert.Contains("two availability zones", error.Message, StringComparison.Ordinal);
        Assert.Contains("tier", error.Message, StringComparison.Ordinal);
        Assert.Contains("lambda.deployment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_region_gets_its_own_address_range()
    {
        var network = new NetworkConfig { CidrPrefix = "10.40" };

        Assert.Equal(["10.40.0.0/16", "10.41.0.0/16", "10.42.0.0/16"], Enumerable.Range(0, 3).Select(network.CidrFor));
    }
}
