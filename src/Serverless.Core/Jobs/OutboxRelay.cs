using System.Text.Json;
using Npgsql;
using Serverless.Core.Data;
using Serverless.Core.Telemetry;

namespace Serverless.Core.Jobs;

/// <summary>
/// Moves committed jobs from the outbox to the queue. A short lease keeps two relays off the same rows;
/// if the queue is down the rows stay unpublished and the next pass tries again. A crash between send
/// and mark can publish a job twice, which the idempotent handlers absorb.
/// </summary>
public sealed class OutboxRelay(Databases databases, IJobQueue queue, JobMetrics metrics)
{
    /// <summary>
    /// Publishes batch after batch while full batches come back and <paramref name="more"/> allows (the
    /// one drain loop: the hosted relay and the worker's scheduled invocation both call it).
    /// </summary>
    /// <returns>How many jobs were published; throws when the queue refused a batch (it stays in the outbox).</returns>
    public async Task<int> DrainAsync(OutboxOptions settings, Func<bool> more, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(more);
        var lease = TimeSpan.FromSeconds(settings.LeaseSeconds);
        int published = 0, batch;
        do
        {
            batch = await PublishPendingAsync(settings.BatchSize, lease, ct);
            published += batch;
        }
        while (batch == settings.BatchSize && more());
        return published;
    }

    /// <returns>How many jobs were published; throws when the queue refused them (they stay in the outbox).</returns>
    public async Task<int> PublishPendingAsync(int batchSize, TimeSpan lease, CancellationToken ct)
    {
        var jobs = await LeaseAsync(batchSize, lease, ct);
        if (jobs.Count == 0)
        {
            return 0;
        }
        var ids = jobs.Select(j => j.JobId).ToArray();
        try
        {
            await queue.SendAsync(jobs, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.RecordPublished(ids.Length, ok: false);
            await MarkAsync("SELECT outbox_failed($1, $2)", ids, $"{e.GetType().Name}: {e.Message}", CancellationToken.None);
            throw;
        }
        metrics.RecordPublished(ids.Length, ok: true);
        await MarkAsync("SELECT outbox_published($1)", ids, null, CancellationToken.None);
        return jobs.Count;
    }

    /// <summary>
    /// Publishes one job just committed by the caller, within <paramref name="timeout"/>. A failure is
    /// recorded and left to the relays: the caller's request has already succeeded either way.
    /// </summary>
    /// <returns>Whether the job reached the queue now.</returns>
    public async Task<bool> TryPublishAsync(JobEnvelope job, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(timeout);
        try
        {
            await queue.SendAsync([job], budget.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            metrics.RecordPublished(1, ok: false);
            await MarkAsync("SELECT outbox_failed($1, $2)", [job.JobId], $"{e.GetType().Name}: {e.Message}", CancellationToken.None);
            return false;
        }
        metrics.RecordPublished(1, ok: true);
        await MarkAsync("SELECT outbox_published($1)", [job.JobId], null, CancellationToken.None);
        return true;
    }

    private async Task<List<JobEnvelope>> LeaseAsync(int batchSize, TimeSpan lease, CancellationToken ct)
    {
        await using var command = databases.Primary.CreateCommand(
            "SELECT id, tenant_id, type, schema_version, priority, payload, created_at FROM outbox_lease($1, $2)");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = batchSize });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)Math.Ceiling(lease.TotalSeconds) });
        var jobs = new List<JobEnvelope>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            using var payload = JsonDocument.Parse(reader.GetString(5));
            jobs.Add(new JobEnvelope(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3),
                JobStore.ParsePriority(reader.GetString(4)), payload.RootElement.Clone(), reader.GetFieldValue<DateTimeOffset>(6)));
        }
        return jobs;
    }

    private async Task MarkAsync(string sql, Guid[] ids, string? error, CancellationToken ct)
    {
        await using var command = databases.Primary.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        if (error is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = error });
        }
        await command.ExecuteNonQueryAsync(ct);
    }
}
