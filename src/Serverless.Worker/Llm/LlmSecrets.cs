using System.Text.Json;
using Amazon.SimpleSystemsManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Aws;
using Serverless.Aws.Configuration;
using Serverless.Aws.Permissions;

namespace Serverless.Worker.Llm;

/// <summary>
/// Model keys on AWS: a provider configured with <c>ApiKeyParameter</c> (a
/// <c>/aws/reference/secretsmanager/…</c> name) gets its <c>ApiKey</c> from that secret at start-up,
/// read the same way as the platform's other secrets. The secret is either the key itself or JSON
/// with an <c>apiKey</c> field. Locally nothing is set and nothing happens.
/// </summary>
public static class LlmSecrets
{
    public static HostApplicationBuilder AddLlmSecrets(this HostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!References(builder.Configuration).Any())
        {
            return builder;
        }
        var url = builder.Configuration["SL_SSM_URL"];
        var config = AwsEndpoint.Configure(new AmazonSimpleSystemsManagementConfig(), url);
        using var ssm = AwsEndpoint.LocalCredentials(url) is { } local
            ? new AmazonSimpleSystemsManagementClient(local, config)
            : new AmazonSimpleSystemsManagementClient(config);
        var references = References(builder.Configuration).Select(r => r.Reference).ToList();
        ApplyAsync(builder.Configuration, CloudSettings.FromSsm(ssm)).GetAwaiter().GetResult();
        builder.Services.AddSingleton<IAwsNeeds>(new SecretReferenceNeeds(nameof(LlmSecrets), references));
        return builder;
    }

    public static async Task ApplyAsync(IConfiguration configuration, Func<string, CancellationToken, Task<string>> readSecret, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(readSecret);
        foreach (var (provider, reference) in References(configuration).ToList())
        {
            var secret = (await readSecret(reference, ct)).Trim();
            configuration[$"{provider}:ApiKey"] = secret.StartsWith('{') ? KeyFrom(secret, reference) : secret;
        }
    }

    private static IEnumerable<(string Provider, string Reference)> References(IConfiguration configuration) =>
        configuration.GetSection($"{LlmOptions.Section}:Providers").GetChildren()
            .Where(p => !string.IsNullOrEmpty(p["ApiKeyParameter"]))
            .Select(p => (p.Path, p["ApiKeyParameter"]!));

    private static string KeyFrom(string json, string reference)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("apiKey", out var key) && key.ValueKind == JsonValueKind.String
            ? key.GetString()!
            : throw new InvalidOperationException($"The secret {reference} has no apiKey.");
    }
}
