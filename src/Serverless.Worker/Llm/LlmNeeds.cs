using Microsoft.Extensions.Options;
using Serverless.Aws.Permissions;

namespace Serverless.Worker.Llm;

/// <summary>
/// Every HTTP provider's host must be reachable; a provider on Bedrock's OpenAI-compatible endpoint
/// (<c>bedrock-runtime.REGION.amazonaws.com/openai/v1</c>) also invokes each model it may ask for.
/// </summary>
public sealed class LlmNeeds(IOptions<LlmOptions> options) : IAwsNeeds
{
    private const string Component = "OpenAiCompatibleChatClient";

    public IEnumerable<AwsNeed> Needs(AwsScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        foreach (var provider in options.Value.Effective.Where(p => p.Kind == LlmProviderKinds.OpenAi))
        {
            var host = new Uri(provider.BaseUrl!).Host;
            yield return AwsNeed.Reach(Component, host);
            if (host.Split('.') is ["bedrock-runtime", var region, "amazonaws", "com"])
            {
                foreach (var model in provider.Models.Values.Append(provider.Model!).Distinct(StringComparer.Ordinal))
                {
                    yield return AwsNeed.Call(Component, "bedrock:InvokeModel", $"arn:{scope.Partition}:bedrock:{region}::foundation-model/{model}");
                }
            }
        }
    }
}
