using Serverless.Core.Data;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Schemas;

/// <summary>
/// One transaction-scoped advisory lock per tenant and type: item writes take it shared, a new schema
/// version takes it exclusively. So no item can be validated against version N and committed after
/// version N+1 (and its migration's count and job) was: the migration sees every item written before it.
/// </summary>
internal static class SchemaLocks
{
    public static Task SharedAsync(TenantSession session, Guid tenantId, string type, CancellationToken ct) =>
        LockAsync(session, "pg_advisory_xact_lock_shared", tenantId, type, ct);

    public static Task ExclusiveAsync(TenantSession session, Guid tenantId, string type, CancellationToken ct) =>
        LockAsync(session, "pg_advisory_xact_lock", tenantId, type, ct);

    /// <summary>The shared lock as the first statement of a batch (see <see cref="SchemaStore.LoadSharedAsync"/>).</summary>
    public static Npgsql.NpgsqlBatchCommand Shared(Guid tenantId, string type) =>
        new("SELECT pg_advisory_xact_lock_shared(hashtextextended('content_type_schema/' || $1 || '/' || $2, 0))")
        {
            Parameters = { Text(tenantId.ToString()), Text(type) },
        };

    private static async Task LockAsync(TenantSession session, string function, Guid tenantId, string type, CancellationToken ct)
    {
        await using var command = session.Command($"SELECT {function}(hashtextextended('content_type_schema/' || $1 || '/' || $2, 0))");
        command.Parameters.Add(Text(tenantId.ToString()));
        command.Parameters.Add(Text(type));
        await command.ExecuteNonQueryAsync(ct);
    }
}
