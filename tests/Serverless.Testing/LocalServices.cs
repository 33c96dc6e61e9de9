using Npgsql;

namespace Serverless.Testing;

/// <summary>
/// Where the services started by <c>./dev</c> listen. The same environment variables the app reads
/// (set by ./dev) win; the defaults are ./dev's own ports.
/// </summary>
public static class LocalServices
{
    /// <summary>The operator's connection to the server's maintenance database (tests create their own databases,
    /// so the development database need not exist).</summary>
    public static string AdminServer { get; } = new NpgsqlConnectionStringBuilder(
        Env("Database__Admin", "Host=127.0.0.1;Port=15432;Username=postgres")) { Database = "postgres" }.ConnectionString;

    public static int ReplicaPort { get; } =
        new NpgsqlConnectionStringBuilder(Env("Database__Replica", "Host=127.0.0.1;Port=15433;Username=serverless_app")).Port;

    /// <summary>A second replica that applies WAL about 500 ms late (scripts/services.sh), for lag tests.</summary>
    public static int DelayedReplicaPort { get; } = int.Parse(Env("SL_DELAYED_REPLICA_PORT", "15434"), System.Globalization.CultureInfo.InvariantCulture);

    public static string Redis { get; } = Env("Redis__Configuration", "127.0.0.1:16379");

    /// <summary>fauxqs, the SQS emulator.</summary>
    public static string Sqs { get; } = Env("SL_SQS_URL", "http://127.0.0.1:14566");

    /// <summary>dynalite, the DynamoDB emulator.</summary>
    public static string DynamoDb { get; } = Env("SL_DYNAMODB_URL", "http://127.0.0.1:14567");

    private static string Env(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
}
