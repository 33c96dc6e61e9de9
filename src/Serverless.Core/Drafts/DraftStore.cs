using System.Text.Json;
using Npgsql;
using Serverless.Core.Data;
using Serverless.Core.Review;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Drafts;

/// <summary>
/// Reads an item's drafts. Drafts are written by review: <see cref="ReviewIntake.StoreDraftAsync"/>
/// stores one with its job's success, and the review workflow moves its status on.
/// </summary>
public sealed class DraftStore(Databases databases)
{
    private const string Columns = """
        id, content_id, job_id, status, title, body, output, failure_reason, repaired, prompt_key, prompt_version,
        provider, model, input_tokens, output_tokens, latency_ms, confidence, created_at
        """;

    /// <returns>The item's drafts, newest first, or null when the tenant has no such item.</returns>
    public async Task<IReadOnlyList<Draft>?> ListAsync(Guid tenantId, Guid contentId, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "drafts.list", ct);
        await using (var exists = session.Command("SELECT 1 FROM content_items WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL"))
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
