extern alias worker;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Testing;
using worker::Serverless.Worker.Llm;

namespace Serverless.Worker.Tests.Llm;

/// <summary>
/// A deployed worker whose provider settings went missing would otherwise write offline drafts for
/// every tenant without anyone noticing; it must fail start-up instead, unless offline is chosen.
/// </summary>
public sealed class OfflineModelGuardTests
{
    private static void ValidateOnStart(string environment, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = environment,
            ContentRootPath = Path.GetTempPath(),
            DisableDefaults = true,
        });
        // The sealing key a deployed worker is given (it checks that too, at start-up).
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SecretsAtRest:Key"] = TestSecrets.Key });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLlm(builder.Configuration);
        using var host = builder.Build();
        host.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    private static readonly Dictionary<string, string?> Bedrock = new()
    {
        ["Llm:Providers:0:Name"] = "bedrock",
        ["Llm:Providers:0:Kind"] = "openai",
        ["Llm:Providers:0:BaseUrl"] = "https://bedrock-runtime.eu-central-1.amazonaws.com/openai/v1",
        ["Llm:Providers:0:Model"] = "openai.gpt-oss-120b-1:0",
    };

    [Fact]
    public void Outside_Development_no_providers_means_the_offline_model_and_start_up_fails_naming_the_setting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ValidateOnStart("Production", []));

        Assert.Contains("Llm:AllowOffline", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_Development_an_offline_fallback_link_is_refused_too()
    {
        var settings = new Dictionary<string, string?>(Bedrock)
        {
            ["Llm:Providers:1:Name"] = "offline",
            ["Llm:Providers:1:Kind"] = "offline",
        };

        Assert.Throws<OptionsValidationException>(() => ValidateOnStart("Staging", settings));
    }

    [Fact]
    public void Outside_Development_the_offline_model_starts_when_chosen_explicitly()
    {
        ValidateOnStart("Production", new() { ["Llm:AllowOffline"] = "true" });
    }

    [Fact]
    public void In_Development_the_offline_model_is_the_default_and_needs_no_setting()
    {
        ValidateOnStart("Development", []);
    }

    [Fact]
    public void Outside_Development_a_real_provider_starts()
    {
        ValidateOnStart("Production", Bedrock);
    }
}
