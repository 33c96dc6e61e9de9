using Npgsql;
using Serverless.Core.Telemetry;

namespace Serverless.Core.Data;

/// <summary>The two places the application reads and writes: the primary and the (possibly lagging) replica.</summary>
public sealed class Databases : IAsyncDisposable
{
    public Databases(NpgsqlDataSource primary, NpgsqlDataSource replica)
    {
        Primary = primary;
        Replica = replica;
    }

    public NpgsqlDataSource Primary { get; }

    public NpgsqlDataSource Replica { get; }

    /// <summary>Where transactions are counted and timed; null where nothing is exported (the CLI, tests that build their own).</summary>
    public CoreMetrics? Metrics { get; private init; }

    public static Databases Create(DatabaseOptions options, CoreMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Primary, "Database:Primary");
        var primary = Build(options.Primary, "serverless-primary");
        var replica = string.IsNullOrWhiteSpace(options.Replica) || options.Replica == options.Primary
            ? primary
            : Build(options.Replica, "serverless-replica");
        return new Databases(primary, replica) { Metrics = metrics };
    }

    public NpgsqlDataSource this[DataSourceKind kind] => kind == DataSourceKind.Primary ? Primary : Replica;

    public async ValueTask DisposeAsync()
    {
        await Primary.DisposeAsync();
        if (!ReferenceEquals(Primary, Replica))
        {
            await Replica.DisposeAsync();
        }
    }

    private static NpgsqlDataSource Build(string connectionString, string applicationName)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.ApplicationName ??= applicationName;
        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }
}
