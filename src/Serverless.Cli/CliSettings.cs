using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Serverless.Cli;

/// <summary>Where the CLI connects: <c>Database:Admin</c> from environment (<c>Database__Admin</c>) or appsettings.json.</summary>
public sealed class CliSettings
{
    private const string LocalDefault = "Host=127.0.0.1;Port=15432;Username=postgres;Database=serverless";

    private NpgsqlDataSource? _admin;

    private CliSettings(string adminConnectionString, IConfiguration configuration)
    {
        AdminConnectionString = adminConnectionString;
        Configuration = configuration;
    }

    /// <summary>Everything else the CLI may need (e.g. the Jwt section for minting tokens).</summary>
    public IConfiguration Configuration { get; }

    public string AdminConnectionString { get; }

    public NpgsqlDataSource Admin => _admin ??= NpgsqlDataSource.Create(AdminConnectionString);

    public static CliSettings Load()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        return new CliSettings(configuration["Database:Admin"] is { Length: > 0 } cs ? cs : LocalDefault, configuration);
    }
}
