using Microsoft.Extensions.Configuration;
using Serverless.Aws.Configuration;

namespace Serverless.Aws.Tests.Configuration;

public sealed class LlmSecretsTests
{
    [Fact]
    public async Task ProviderWithAKeyReference_GetsItsKeyFromTheSecret_OthersAreLeftAlone()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Providers:0:Name"] = "openai",
            ["Llm:Providers:0:ApiKeyParameter"] = "/aws/reference/secretsmanager/llm-openai",
            ["Llm:Providers:1:Name"] = "ollama",
            ["Llm:Providers:2:Name"] = "azure",
            ["Llm:Providers:2:ApiKeyParameter"] = "/aws/reference/secretsmanager/llm-azure",
        }).Build();
        var secrets = new Dictionary<string, string>
        {
            ["/aws/reference/secretsmanager/llm-openai"] = """{"apiKey":"sk-from-json"}""",
            ["/aws/reference/secretsmanager/llm-azure"] = "plain-key\n",
        };

        await LlmSecrets.ApplyAsync(configuration, (name, _) => Task.FromResult(secrets[name]));

        Assert.Equal("sk-from-json", configuration["Llm:Providers:0:ApiKey"]);
        Assert.Null(configuration["Llm:Providers:1:ApiKey"]);
        Assert.Equal("plain-key", configuration["Llm:Providers:2:ApiKey"]);
    }

    [Fact]
    public async Task SecretWithoutAnApiKeyField_FailsStartUpNamingTheSecret()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Providers:0:ApiKeyParameter"] = "/aws/reference/secretsmanager/llm",
        }).Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LlmSecrets.ApplyAsync(configuration, (_, _) => Task.FromResult("""{"token":"x"}""")));

        Assert.Contains("/aws/reference/secretsmanager/llm", error.Message, StringComparison.Ordinal);
    }
}
