using System.Text.Json;
using Npgsql;
using Serverless.Core.Data;
using Serverless.Core.Telemetry;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Jobs;

/// <summary>
/// The jobs table, which doubles as the transactional outbox: <see cref="EnqueueAsync"/> writes inside
/// the caller's transaction, so the job exists exactly when the change that asked for it does.
/// </summary>
public sealed class JobStore(Databases databases, TimeProvider time)
{
    private const int MaxError = 2000;
    private const string Columns = "id, type, priority, status, attempts, last_error, result, created_at, updated_at, published_at, completed_at";

    /// <summary>
    /// Records a job in the caller's transaction. The caller publishes it right after commit
    /// (<see cref="OutboxRelay.TryPublishAsync"/>); the short lease keeps relays off it meanwhile, and
    /// lets them take over if the caller never gets that far.
    /// </summary>
    public async Task<JobEnvelope> EnqueueAsync(
        TenantSession session, Guid tenantId, string type, int schemaVersion, JobPriority priority, string payloadJson, CancellationToken ct)
    {
        // The asking request's trace goes with the job, so the relay and the worker continue it.
        var envelope = new JobEnvelope(
            Guid.CreateVersion7(), tenantId, type, schemaVersion, priority, Parse(payloadJson), time.GetUtcNow())
        {
            TraceParent = PlatformTracing.CurrentTraceParent(),
            TraceState = PlatformTracing.CurrentTraceState(),
        };
        await using var insert = session.Command("""
            INSERT INTO jobs (id, tenant_id, type, schema_version, priority, payload, created_at, updated_at, locked_until, trace_parent, trace_state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7 + interval '15 seconds', $8, $9)
            """);
        insert.Parameters.Add(Uuid(envelope.JobId));
        insert.Parameters.Add(Uuid(tenantId));
        insert.Parameters.Add(Text(type));
        insert.Parameters.Add(Int(schemaVersion));
        insert.Parameters.Add(Text(PriorityName(priority)));
        insert.Parameters.Add(Jsonb(payloadJson));
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = envelope.EnqueuedAt });
        insert.Parameters.Add(NullableText(envelope.TraceParent));
        insert.Parameters.Add(NullableText(envelope.TraceState));
        await insert.ExecuteNonQueryAsync(ct);
        return envelope;
    }

    public async Task<Job?> GetAsync(Guid tenantId, Guid id, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "jobs.get", ct);
        await using var select = session.Command($"SELECT {Columns} FROM jobs WHERE tenant_id = $1 AND id = $2");
        select.Parameters.Add(Uuid(tenantId));
        select.Parameters.Add(Uuid(id));
        Job? job = null;
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                job = Read(reader);
            }
        }
        await session.CommitAsync(ct);
        return job;
    }

    /// <summary>
    /// Notes that a worker picked the job up. A failed job runs again (only an operator's redrive brings
    /// it back); a succeeded one does not; a job the database does not know is a message nobody should act on.
    /// </summary>
    public async Task<AttemptStart> StartAttemptAsync(Guid tenantId, Guid id, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "jobs.start", ct);
        await using var update = session.Command("""
            WITH job AS (SELECT id, status FROM jobs WHERE tenant_id = $1 AND id = $2 FOR UPDATE),
                 started AS (
                     UPDATE jobs j SET status = 'running', attempts = j.attempts + 1, updated_at = now(), completed_at = NULL,
                                       published_at = coalesce(j.published_at, now())
                       FROM job WHERE j.id = job.id AND job.status <> 'succeeded'
                     RETURNING j.id)
            SELECT (SELECT status FROM job), EXISTS (SELECT 1 FROM started)
            """);
        update.Parameters.Add(Uuid(tenantId));
        update.Parameters.Add(Uuid(id));
        AttemptStart outcome;
        await using (var reader = await update.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            outcome = reader.IsDBNull(0) ? AttemptStart.UnknownJob
                : reader.GetBoolean(1) ? AttemptStart.Started
                : AttemptStart.AlreadySucceeded;
        }
        await session.CommitAsync(ct);
        return outcome;
    }

    /// <summary>Marks the job done inside the transaction that stored its effect: both or neither.</summary>
    public static async Task CompleteAsync(TenantSession session, Guid tenantId, Guid id, string resultJson, CancellationToken ct)
    {
        await using var update = session.Command(CompleteSql);
        update.Parameters.Add(Uuid(tenantId));
        update.Parameters.Add(Uuid(id));
        update.Parameters.Add(Jsonb(resultJson));
        await update.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The statement of <see cref="CompleteAsync"/>, for a batch that sends it with others in one round trip.</summary>
    public static NpgsqlBatchCommand CompleteCommand(Guid tenantId, Guid id, string resultJson)
    {
        var update = new NpgsqlBatchCommand(CompleteSql);
        update.Parameters.Add(Uuid(tenantId));
        update.Parameters.Add(Uuid(id));
        update.Parameters.Add(Jsonb(resultJson));
        return update;
    }

    private const string CompleteSql = """
        UPDATE jobs SET status = 'succeeded', result = $3, last_error = NULL, completed_at = now(), updated_at = now()
         WHERE tenant_id = $1 AND id = $2
        """;

    /// <summary>Records a failed attempt: retrying when the queue will deliver it again, failed when not.</summary>
    public async Task RecordFailureAsync(Guid tenantId, Guid id, string error, bool final, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "jobs.fail", ct);
        await using var update = session.Command("""
            UPDATE jobs SET status = $3, last_error = $4, updated_at = now(),
                            completed_at = CASE WHEN $3 = 'failed' THEN now() END
             WHERE tenant_id = $1 AND id = $2 AND status <> 'succeeded'
            """);
        update.Parameters.Add(Uuid(tenantId));
        update.Parameters.Add(Uuid(id));
        update.Parameters.Add(Text(final ? JobStatus.Failed : JobStatus.Retrying));
        update.Parameters.Add(Text(error.Length > MaxError ? error[..MaxError] : error));
        await update.ExecuteNonQueryAsync(ct);
        await session.CommitAsync(ct);
    }

    /// <summary>Ends a job that must not run again (its handler refused it for good, e.g. a budget): final status and reason.</summary>
    /// <summary>
    /// Parks a job of a suspended tenant as 'paused' (its message is then acknowledged, so no retry is
    /// spent and nothing reaches the dead-letter queue); resuming the tenant republishes it.
    /// </summary>
    public async Task PauseAsync(Guid tenantId, Guid id, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "jobs.pause", ct);
        await using var update = session.Command("""
            UPDATE jobs SET status = 'paused', updated_at = now()
             WHERE tenant_id = $1 AND id = $2 AND status NOT IN ('succeeded', 'failed', 'budget_exhausted')
            """);
        update.Parameters.Add(Uuid(tenantId));
        update.Parameters.Add(Uuid(id));
        await update.ExecuteNonQueryAsync(ct);
        await session.CommitAsync(ct);
    }

    public async Task RecordRefusalAsync(Guid tenantId, Guid id, string status, string reason, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "jobs.refuse", ct);
        await using var update = session.Command("""
            UPDATE jobs SET status = $3, last_error = $4, updated_at = now(), completed_at = now()
             WHERE tenant_id = $1 AND id = $2 AND status <> 'succeeded'
            """);
        update.Parameters.Add(Uuid(tenantId));
        update.Parameters.Add(Uuid(id));
        update.Parameters.Add(Text(status));
        update.Parameters.Add(Text(reason.Length > MaxError ? reason[..MaxError] : reason));
        await update.ExecuteNonQueryAsync(ct);
        await session.CommitAsync(ct);
    }

    public static string PriorityName(JobPriority priority) => priority == JobPriority.High ? "high" : "low";

    public static JobPriority ParsePriority(string name) => name == "high" ? JobPriority.High : JobPriority.Low;

    private static Job Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4),
        r.IsDBNull(5) ? null : r.GetString(5),
        r.IsDBNull(6) ? null : Parse(r.GetString(6)),
        r.GetFieldValue<DateTimeOffset>(7), r.GetFieldValue<DateTimeOffset>(8),
        r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9),
        r.IsDBNull(10) ? null : r.GetFieldValue<DateTimeOffset>(10));

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
