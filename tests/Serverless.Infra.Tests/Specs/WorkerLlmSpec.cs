using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

/// <summary>
/// The worker asks a real model in AWS: Bedrock's OpenAI-compatible endpoint, its key read from a
/// secret at start-up. Without these it would run the offline model (and now refuses to start).
/// </summary>
[Collection(PlatformsCollection.Name)]
public sealed class WorkerLlmSpec(Platforms platforms)
{
    [Fact]
    public void The_worker_is_configured_with_the_environments_Bedrock_provider_and_its_key_reference()
    {
        foreach (var env in platforms.Both)
        {
            var worker = FunctionGrants.Of(env.Of(env.Stacks.Primary.App), "worker");

            Assert.Equal("openai", worker.Variable("Llm__Providers__0__Kind"));
            Assert.Equal(env.Config.Llm.Name, worker.Variable("Llm__Providers__0__Name"));
            Assert.Equal($"https://bedrock-runtime.{env.Config.Primary.Region}.amazonaws.com/openai/v1", worker.Variable("Llm__Providers__0__BaseUrl"));
            Assert.Equal(env.Config.Llm.Model, worker.Variable("Llm__Providers__0__Model"));
            Assert.Equal($"/aws/reference/secretsmanager/serverless/{env.Config.Environment}/llm-api-key", worker.Variable("Llm__Providers__0__ApiKeyParameter"));
            Assert.Null(worker.Variable("Llm__AllowOffline"));
        }
    }

    [Fact]
    public void Every_API_and_the_worker_agree_on_the_longest_answer_a_model_call_may_get()
    {
        // The worker reserves Llm:MaxOutputTokens per call; the API refuses a draft whose budget has less room
        // than that. An API told a larger value than the worker's would refuse drafts that could have fitted.
        foreach (var env in platforms.Both)
        {
            var worker = FunctionGrants.Of(env.Of(env.Stacks.Primary.App), "worker").Variable("Llm__MaxOutputTokens");
            foreach (var region in env.Stacks.Regions)
            {
                Assert.Equal(worker, FunctionGrants.Of(env.Of(region.App), "api").Variable("Llm__MaxOutputTokens"));
            }
        }
    }

    [Fact]
    public void The_worker_may_read_the_model_key_and_invoke_only_the_configured_models()
    {
        foreach (var env in platforms.Both)
        {
            var worker = FunctionGrants.Of(env.Of(env.Stacks.Primary.App), "worker");

            Assert.Contains(worker.ResourcesOf("ssm:GetParameter"), r => r.Contains($"parameter/aws/reference/secretsmanager/serverless/{env.Config.Environment}/llm-api-key", StringComparison.Ordinal));
            Assert.Contains(worker.ResourcesOf("secretsmanager:GetSecretValue"), r => r.Contains("LlmApiKey", StringComparison.Ordinal));
            var models = worker.ResourcesOf("bedrock:InvokeModel");
            Assert.Equal(env.Config.Llm.AllModels.Count(), models.Count);
            Assert.All(env.Config.Llm.AllModels, m => Assert.Contains(models, r => r.Contains($":bedrock:{env.Config.Primary.Region}::foundation-model/{m}", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void The_model_key_secret_is_encrypted_with_the_regions_key_and_readable_through_it()
    {
        foreach (var env in platforms.Both)
        {
            var app = env.Of(env.Stacks.Primary.App);
            var secret = Assert.Single(app.Resources("AWS::SecretsManager::Secret"), s => s.LogicalId.Contains("LlmApiKey", StringComparison.Ordinal));
            var worker = FunctionGrants.Of(app, "worker");

            Assert.Contains("RegionKey", secret.Text("KmsKeyId"), StringComparison.Ordinal);
            Assert.Contains(worker.ResourcesOf("kms:Decrypt"), r => r.Contains("RegionKey", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_worker_subnets_reach_Bedrock_without_leaving_the_VPC()
    {
        foreach (var env in platforms.Both)
        {
            var foundation = env.Of(env.Stacks.Primary.Foundation);

            Assert.Contains(foundation.Resources("AWS::EC2::VPCEndpoint"), e => e.Text("ServiceName").Contains("bedrock-runtime", StringComparison.Ordinal));
        }
    }
}
