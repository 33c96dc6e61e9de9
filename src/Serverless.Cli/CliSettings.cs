using Microsoft.Extensions.Configuration;
using Npgsql;
using Serverless.Aws.Configuration;
using Serverless.Core.Secrets;

namespace Serverless.Cli;

/// <summary>Where the CLI connects: <c>Database:Admin</c> from environment (<c>Database__Admin</c>) or appsettings.json.</summary>
public sealed class CliSettings
{
    private const string LocalDefault = "Host=127.0.0.1;Port=15432;Username=postgres;Database=serverless";

    private NpgsqlDataSource? _admin;
    private SecretSealer? _sealer;

    private CliSettings(string adminConnectionString, IConfiguration configuration)
    {
        AdminConnectionString = adminConnectionString;
        Configuration = configuration;
    }

    /// <summary>Everything else the CLI may need (e.g. the Jwt section for minting tokens).</summary>
    public IConfiguration Configuration { get; }

    public string AdminConnectionString { get; }

    public NpgsqlDataSource Admin => _admin ??= NpgsqlDataSource.Create(AdminConnectionString);

    /// <summary>
    /// Seals and opens the secrets stored in the database (budget webhooks) with <c>SecretsAtRest__Key</c> (./dev
    /// sets the development key), or, against AWS, with the secret <c>SecretsAtRest__KeyParameter</c> names, read
    /// through SSM with the operator's credentials.
    /// </summary>
    public SecretSealer Sealer => _sealer ??= CreateSealer();

    private SecretSealer CreateSealer()
    {
        if (string.IsNullOrEmpty(Configuration["SecretsAtRest:Key"]) && !string.IsNullOrEmpty(Configuration["SecretsAtRest:KeyParameter"]))
        {
            CloudSettings.ApplyFromSsm(Configuration);
        }
        var options = new SecretsAtRestOptions
        {
            Key = Configuration["SecretsAtRest:Key"] ?? "",
            PreviousKey = Configuration["SecretsAtRest:PreviousKey"],
        };
        return SecretsAtRestOptions.IsKey(options.Key)
            ? new SecretSealer(options)
            : throw new InvalidOperationException(
                "no key to seal secrets with: set SecretsAtRest__Key (base64, at least 32 bytes), or SecretsAtRest__KeyParameter to the secrets-key secret's reference (/aws/reference/secretsmanager/serverless/ENV/secrets-key) with AWS credentials");
    }

    public static CliSettings Load()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        return new CliSettings(configuration["Database:Admin"] is { Length: > 0 } cs ? cs : LocalDefault, configuration);
    }
}
