using System.Text.Json;
using Npgsql;
using Serverless.Core.Data;
using Serverless.Core.Jobs;
using Serverless.Core.Review;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Drafts;

/// <summary>
/// Drafts per content item. A draft and its job's success are written in one transaction, and a job can
/// own one draft only, so a job that runs twice still leaves exactly one.
/// </summary>
public sealed class DraftStore(Databases databases)
{
    private const string Columns = """
        id, content_id, job_id, status, title, body, output, failure_reason, repaired, prompt_key, prompt_version,
        provider, model, input_tokens, output_tokens, latency_ms, confidence, created_at
        """;

    /// <returns>The draft's id: the new one, or the one this job stored before.</returns>
    public async Task<Guid> SaveAsync(Guid tenantId, Guid contentId, Guid jobId, GeneratedDraft draft, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "drafts.save", ct);
        await using var insert = session.Command("""
            INSERT INTO drafts (id, tenant_id, content_id, job_id, status, title, body, output, failure_reason, repaired,
                                prompt_key, prompt_version, provider, model, input_tokens, output_tokens, latency_ms, confidence)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
            ON CONFLICT (job_id) DO NOTHING
            RETURNING id
            """);
        insert.Parameters.Add(Uuid(Guid.CreateVersion7()));
        insert.Parameters.Add(Uuid(tenantId));
        insert.Parameters.Add(Uuid(contentId));
        insert.Parameters.Add(Uuid(jobId));
        insert.Parameters.Add(Text(draft.Status));
        insert.Parameters.Add(NullableText(draft.Title));
        insert.Parameters.Add(NullableText(draft.Body));
        insert.Parameters.Add(NullableJsonb(draft.OutputJson));
        insert.Parameters.Add(NullableText(draft.FailureReason));
        insert.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = draft.Repaired });
        insert.Parameters.Add(Text(draft.PromptKey));
        insert.Parameters.Add(Int(draft.PromptVersion));
        insert.Parameters.Add(Text(draft.Provider));
        insert.Parameters.Add(Text(draft.Model));
        insert.Parameters.Add(Int(draft.InputTokens));
        insert.Parameters.Add(Int(draft.OutputTokens));
        insert.Parameters.Add(Int(draft.LatencyMs));
        insert.Parameters.Add(new NpgsqlParameter { Value = draft.Confidence is { } c ? c : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Numeric });
        var id = await insert.ExecuteScalarAsync(ct) as Guid?;
        if (id is not null)
        {
            // A new draft takes its place in review (auto-approved or queued) in this same transaction.
            await ReviewIntake.EnterAsync(session, tenantId, id.Value, contentId, draft, ct);
        }
        else
        {
            await using var existing = session.Command("SELECT id FROM drafts WHERE tenant_id = $1 AND job_id = $2");
            existing.Parameters.Add(Uuid(tenantId));
            existing.Parameters.Add(Uuid(jobId));
            id = (Guid)(await existing.ExecuteScalarAsync(ct))!;
        }
        var result = JsonSerializer.Serialize(new DraftJobResult(id.Value, draft.Status), JobJsonContext.Default.DraftJobResult);
        await JobStore.CompleteAsync(session, tenantId, jobId, result, ct);
        await session.CommitAsync(ct);
        return id.Value;
    }

    /// <returns>The item's drafts, newest first, or null when the tenant has no such item.</returns>
    public async Task<IReadOnlyList<Draft>?> ListAsync(Guid tenantId, Guid contentId, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "drafts.list", ct);
        await using (var exists = session.Command("SELECT 1 FROM content_items WHERE tenant_id = $1 AND id = $2"))
        {
            exists.Parameters.Add(Uuid(tenantId));
            exists.Parameters.Add(Uuid(contentId));
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                return null;
            }
        }
        await using var select = session.Command($"SELECT {Columns} FROM drafts WHERE tenant_id = $1 AND content_id = $2 ORDER BY id DESC LIMIT 100");
        select.Parameters.Add(Uuid(tenantId));
        select.Parameters.Add(Uuid(contentId));
        var drafts = new List<Draft>();
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                drafts.Add(Read(reader));
            }
        }
        await session.CommitAsync(ct);
        return drafts;
    }

    private static Draft Read(NpgsqlDataReader r)
    {
        JsonElement? output = null;
        if (!r.IsDBNull(6))
        {
            using var document = JsonDocument.Parse(r.GetString(6));
            output = document.RootElement.Clone();
        }
        return new Draft(
            r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3),
            r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), output,
            r.IsDBNull(7) ? null : r.GetString(7), r.GetBoolean(8), r.GetString(9), r.GetInt32(10),
            r.GetString(11), r.GetString(12), r.GetInt32(13), r.GetInt32(14), r.GetInt32(15),
            r.IsDBNull(16) ? null : r.GetDecimal(16), r.GetFieldValue<DateTimeOffset>(17));
    }
}
