using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

/// <summary>
/// A secondary answers writes with a 308 to Region__PrimaryApiUrl, so that must be a URL a client can
/// follow to the primary: https, the primary's API (stage included) or the edge's public name.
/// </summary>
[Collection(PlatformsCollection.Name)]
public sealed class WriteRedirectSpec(Platforms platforms)
{
    [Fact]
    public void Secondaries_redirect_writes_to_the_edge_name_or_the_primary_regions_API_over_https_and_the_primary_to_nobody()
    {
        foreach (var env in platforms.Both)
        {
            Assert.False(ApiVariables(env, env.Stacks.Primary).ContainsKey("Region__PrimaryApiUrl"), "the primary takes writes itself");
            foreach (var secondary in env.Stacks.Secondaries)
            {
                var url = ApiVariables(env, secondary)["Region__PrimaryApiUrl"]!.ToJsonString();
                if (env.Config.Edge.Domain is { } domain)
                {
                    // The edge's own name: CloudFront sends every /v1 request to the primary.
                    Assert.Equal($"\"https://{domain.DomainName}/\"", url);
                    continue;
                }

                Assert.StartsWith("{\"Fn::Join\":[\"\",[\"https://\"", url, StringComparison.Ordinal);
                Assert.Contains($".execute-api.{env.Config.Primary.Region}.", url, StringComparison.Ordinal);
                // ... + "/" + the stage + "/": the stage is part of the base the app appends /v1/... to.
                Assert.Matches("\"/\",\\{[^}]*Stage[^}]*\\}+,\"/\"\\]\\]\\}$", url);
            }
        }
    }

    [Fact]
    public void With_a_public_edge_name_secondaries_redirect_writes_there()
    {
        var env = new SynthesizedEnvironment("staging.json", c => c with
        {
            Edge = c.Edge with { Domain = new() { DomainName = "api.staging.example.com", CertificateArn = "arn:aws:acm:us-east-1:111111111111:certificate/example" } },
        });
        try
        {
            var secondary = env.Stacks.Secondaries.Single();

            Assert.Equal("https://api.staging.example.com/", (string?)ApiVariables(env, secondary)["Region__PrimaryApiUrl"]);
        }
        finally
        {
            Directory.Delete(env.OutputDirectory, recursive: true);
        }
    }

    private static System.Text.Json.Nodes.JsonObject ApiVariables(SynthesizedEnvironment env, Serverless.Infra.Stacks.RegionStacks region)
    {
        var api = env.Of(region.App).Resources("AWS::Lambda::Function")
            .Single(f => (string?)f["Environment"]?["Variables"]?["Serverless__Host"] == "api");
        return api["Environment"]!["Variables"]!.AsObject();
    }
}
