using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

/// <summary>The functions' telemetry settings (TelemetryOptions in the hosts): the environment always, traces only when configured.</summary>
[Collection(PlatformsCollection.Name)]
public sealed class TelemetrySpec(Platforms platforms)
{
    [Fact]
    public void Every_api_and_worker_function_names_its_deployment_environment_and_exports_no_traces_unless_configured()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var region in env.Stacks.Regions)
            {
                var functions = env.Of(region.App).Resources("AWS::Lambda::Function")
                    .Where(f => (string?)f["Environment"]?["Variables"]?["Serverless__Host"] is "api" or "worker").ToList();

                Assert.NotEmpty(functions);
                Assert.All(functions, f =>
                {
                    Assert.Equal(env.Config.Environment, (string?)f["Environment"]!["Variables"]!["Telemetry__Environment"]);
                    Assert.Null(f["Environment"]!["Variables"]!["Telemetry__OtlpEndpoint"]);
                });
            }
        }
    }
}
