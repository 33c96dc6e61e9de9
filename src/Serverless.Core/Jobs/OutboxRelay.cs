using System.Diagnostics;
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
        using var span = StartPublishSpan(jobs);
        try
        {
            await queue.SendAsync(Traced(jobs, span), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failed(span, e);
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
        using var span = StartPublishSpan([job]);
        try
        {
            await queue.SendAsync(Traced([job], span), budget.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Failed(span, e);
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
            "SELECT id, tenant_id, type, schema_version, priority, payload, created_at, trace_parent, trace_state FROM outbox_lease($1, $2)");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = batchSize });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)Math.Ceiling(lease.TotalSeconds) });
        var jobs = new List<JobEnvelope>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            using var payload = JsonDocument.Parse(reader.GetString(5));
            jobs.Add(new JobEnvelope(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3),
                JobStore.ParsePriority(reader.GetString(4)), payload.RootElement.Clone(), reader.GetFieldValue<DateTimeOffset>(6))
            {
                TraceParent = reader.IsDBNull(7) ? null : reader.GetString(7),
                TraceState = reader.IsDBNull(8) ? null : reader.GetString(8),
            });
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

    /// <summary>
    /// The relay's span. Inside a request it is that request's child; in the background relay it continues
    /// the stored trace when the batch holds one, and links every trace when it holds several (one span
    /// cannot have several parents).
    /// </summary>
    private static Activity? StartPublishSpan(IReadOnlyList<JobEnvelope> jobs)
    {
        if (!PlatformTracing.Source.HasListeners())
        {
            return null;
        }
        var stored = jobs.Select(j => PlatformTracing.Parse(j.TraceParent, j.TraceState))
            .Where(c => c is not null).Select(c => c!.Value).ToList();
        var traces = stored.Select(c => c.TraceId).Distinct().Count();
        ActivityContext parent = default;
        IEnumerable<ActivityLink>? links = null;
        if (Activity.Current is null && traces == 1)
        {
            parent = stored[0];
        }
        else if (traces > 0)
        {
            links = stored.Select(c => new ActivityLink(c));
        }
        var span = PlatformTracing.Source.StartActivity("outbox publish", ActivityKind.Producer, parent, links: links);
        span?.SetTag("messaging.system", "aws_sqs");
        span?.SetTag("messaging.operation.type", "send");
        span?.SetTag("messaging.batch.message_count", jobs.Count);
        return span;
    }

    /// <summary>Each message carries the relay span when it continues the job's trace, else the job's own stored context.</summary>
    private static IReadOnlyList<JobEnvelope> Traced(IReadOnlyList<JobEnvelope> jobs, Activity? span)
    {
        if (span is null)
        {
            return jobs;
        }
        return jobs.Select(j => PlatformTracing.Parse(j.TraceParent) is { } stored && stored.TraceId != span.TraceId
            ? j
            : j with { TraceParent = span.Id, TraceState = span.TraceStateString }).ToList();
    }

    private static void Failed(Activity? span, Exception e)
    {
        span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
        span?.AddException(e);
    }
}
