using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Aws.Permissions;

namespace Serverless.Aws.Configuration;

/// <summary>
/// Model keys on AWS: a provider configured with <c>ApiKeyParameter</c> (a
/// <c>/aws/reference/secretsmanager/…</c> name) gets its <c>ApiKey</c> from that secret at start-up,
/// read the same way as the platform's other secrets. The secret is either the key itself or JSON
/// with an <c>apiKey</c> field. Locally nothing is set and nothing happens.
/// </summary>
public static class LlmSecrets
{
    /// <summary>The worker's provider list (<c>Llm:Providers</c>, the worker's LlmOptions).</summary>
    private const string ProvidersSection = "Llm:Providers";

    public static TBuilder AddLlmSecrets<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!References(builder.Configuration).Any())
        {
            return builder;
        }
        var references = References(builder.Configuration).Select(r => r.Reference).ToList();
        SsmParameters.Read(builder.Configuration, read => ApplyAsync(builder.Configuration, read));
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
        configuration.GetSection(ProvidersSection).GetChildren()
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
