using System.Globalization;
using System.Text.Json;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Serverless.Aws.Configuration;

/// <summary>
/// In AWS the stacks hand the functions parts, not connection strings: hosts, and references to
/// secrets (<c>/aws/reference/secretsmanager/…</c>, read through SSM Parameter Store because the
/// Secrets Manager SDK is not available here). At start-up this turns them into the connection
/// strings and keys the rest of the app reads (<c>Database:Primary</c>, <c>Database:Replica</c>,
/// <c>Redis:Configuration</c>, <c>Region:ConsistencyKey</c>, <c>SecretsAtRest:Key</c>, <c>OriginVerify:Secret</c>,
/// <c>Cdn:DistributionId</c>). Locally none of the parts is set and nothing happens.
/// </summary>
public static class CloudSettings
{
    private static readonly string[] ReferenceKeys = ["Database:CredentialsParameter", "Redis:AuthParameter", "Region:ConsistencyKeyParameter", "SecretsAtRest:KeyParameter", "OriginVerify:SecretParameter", "Cdn:DistributionIdParameter"];

    public static bool IsNeeded(IConfiguration configuration) => References(configuration).Count > 0;

    /// <summary>The secret references this configuration names, in the order they are read.</summary>
    public static IReadOnlyList<string> References(IConfiguration configuration) =>
        ReferenceKeys.Select(k => configuration[k]).OfType<string>().Where(v => v.Length > 0).ToList();

    public static async Task ApplyAsync(IConfiguration configuration, Func<string, CancellationToken, Task<string>> readSecret, CancellationToken ct = default)
    {
        if (configuration["Database:CredentialsParameter"] is { Length: > 0 } dbSecret)
        {
            using var credentials = JsonDocument.Parse(await readSecret(dbSecret, ct));
            var root = credentials.RootElement;
            var host = configuration["Database:Host"] ?? Text(root, "host") ?? throw new InvalidOperationException("Database:Host is not set and the secret names no host.");
            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = host,
                Port = int.Parse(configuration["Database:Port"] ?? Text(root, "port") ?? "5432", CultureInfo.InvariantCulture),
                Database = configuration["Database:Name"] ?? Text(root, "dbname") ?? "serverless",
                Username = Text(root, "username") ?? throw new InvalidOperationException($"The secret {dbSecret} has no username."),
                Password = Text(root, "password") ?? throw new InvalidOperationException($"The secret {dbSecret} has no password."),
                SslMode = SslMode.Require,
            };
            configuration["Database:Primary"] = builder.ConnectionString;
            if (configuration["Database:ReplicaHost"] is { Length: > 0 } replicaHost)
            {
                builder.Host = replicaHost;
            }
            configuration["Database:Replica"] = builder.ConnectionString;
        }
        if (configuration["Redis:AuthParameter"] is { Length: > 0 } cacheSecret)
        {
            using var auth = JsonDocument.Parse(await readSecret(cacheSecret, ct));
            var host = configuration["Redis:Host"] ?? throw new InvalidOperationException("Redis:Host is not set.");
            var port = configuration["Redis:Port"] ?? "6379";
            var token = Text(auth.RootElement, "token") ?? throw new InvalidOperationException($"The secret {cacheSecret} has no token.");
            configuration["Redis:Configuration"] = $"{host}:{port},ssl=true,password={token},abortConnect=false";
        }
        // Two keys kept as {"key":"…","previous":"…"}: during a rotation the one before is still accepted.
        await ApplyKeyAsync(configuration, readSecret, "Region:ConsistencyKeyParameter", "Region:ConsistencyKey", "Region:PreviousConsistencyKey", ct);
        await ApplyKeyAsync(configuration, readSecret, "SecretsAtRest:KeyParameter", "SecretsAtRest:Key", "SecretsAtRest:PreviousKey", ct);
        if (configuration["OriginVerify:SecretParameter"] is { Length: > 0 } originSecret)
        {
            using var origin = JsonDocument.Parse(await readSecret(originSecret, ct));
            configuration["OriginVerify:Secret"] = Text(origin.RootElement, "secret") ?? throw new InvalidOperationException($"The secret {originSecret} has no secret.");
            // During a rotation CloudFront may still send the old value for a while.
            if (Text(origin.RootElement, "previous") is { Length: > 0 } previous)
            {
                configuration["OriginVerify:PreviousSecret"] = previous;
            }
        }
        await ApplyDistributionIdAsync(configuration, readSecret, ct);
    }

    /// <summary>Reads the references this configuration names and applies them, outside a host (the CLI).</summary>
    public static void ApplyFromSsm(IConfiguration configuration)
    {
        if (IsNeeded(configuration))
        {
            SsmParameters.Read(configuration, read => ApplyAsync(configuration, read));
        }
    }

    /// <summary>A key secret <c>{"key":"…","previous":"…"}</c> as base64 of its text, and the previous one during a rotation.</summary>
    private static async Task ApplyKeyAsync(IConfiguration configuration, Func<string, CancellationToken, Task<string>> readSecret,
        string parameterKey, string keyKey, string previousKey, CancellationToken ct)
    {
        if (configuration[parameterKey] is not { Length: > 0 } reference)
        {
            return;
        }
        using var key = JsonDocument.Parse(await readSecret(reference, ct));
        var text = Text(key.RootElement, "key") ?? throw new InvalidOperationException($"The secret {reference} has no key.");
        configuration[keyKey] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
        if (Text(key.RootElement, "previous") is { Length: > 0 } previous)
        {
            configuration[previousKey] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(previous));
        }
    }

    /// <summary>
    /// The distribution id is written by the Edge stack, deployed after the regional stacks: until it
    /// exists the API runs without CloudFront invalidation (edge copies expire by s-maxage) rather than
    /// not at all, and picks the id up on its next cold start.
    /// </summary>
    private static async Task ApplyDistributionIdAsync(IConfiguration configuration, Func<string, CancellationToken, Task<string>> readSecret, CancellationToken ct)
    {
        if (configuration["Cdn:DistributionIdParameter"] is { Length: > 0 } parameter && string.IsNullOrEmpty(configuration["Cdn:DistributionId"]))
        {
            try
            {
                configuration["Cdn:DistributionId"] = (await readSecret(parameter, ct)).Trim();
            }
            catch (ParameterNotFoundException)
            {
                await Console.Error.WriteLineAsync($"{parameter} does not exist yet: CloudFront is not invalidated until the Edge stack is deployed.");
            }
        }
    }

    /// <summary>Reads a secret through SSM (<c>GetParameter</c> with decryption), as the Lambda role is granted.</summary>
    public static Func<string, CancellationToken, Task<string>> FromSsm(IAmazonSimpleSystemsManagement ssm) => async (name, ct) =>
        (await ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, ct)).Parameter.Value;

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString()
            : null;
}
