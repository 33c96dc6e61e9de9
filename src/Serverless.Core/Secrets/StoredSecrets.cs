using Npgsql;
using Serverless.Core.Budgets;

namespace Serverless.Core.Secrets;

/// <summary>What <see cref="StoredSecrets.RewrapAsync"/> did: sealed anew, already current, and those no key here opens.</summary>
public sealed record RewrapResult(int Rewrapped, int AlreadyCurrent, IReadOnlyList<string> Unopened);

/// <summary>
/// The operator's side of sealed secrets: <c>secrets rewrap</c> seals every stored budget webhook secret with the
/// current key, the ones written before sealing (in clear) and the ones sealed with the previous key after a
/// rotation. One transaction per tenant, each with an <c>operator_audit</c> row; a secret changed meanwhile is
/// left to its writer; the secret itself never changes, so no settings version is made (migration 0182).
/// </summary>
public sealed class StoredSecrets(NpgsqlDataSource admin, SecretSealer sealer)
{
    public async Task<RewrapResult> RewrapAsync(string actor, Action<int, int>? progress, CancellationToken ct)
    {
        var rows = new List<(Guid TenantId, string Slug, string Stored)>();
        await using (var select = admin.CreateCommand("""
            SELECT s.tenant_id, t.slug, s.budget_webhook_secret
              FROM llm_tenant_settings s JOIN tenants t ON t.id = s.tenant_id
             WHERE s.budget_webhook_secret IS NOT NULL ORDER BY t.slug
            """))
        await using (var r = await select.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                rows.Add((r.GetGuid(0), r.GetString(1), r.GetString(2)));
            }
        }
        int rewrapped = 0, current = 0, done = 0;
        var unopened = new List<string>();
        foreach (var (tenantId, slug, stored) in rows)
        {
            var state = sealer.StateOf(stored);
            if (state == SealState.Current)
            {
                current++;
            }
            else if (state == SealState.UnknownKey)
            {
                unopened.Add(slug);
            }
            else
            {
                var resealed = sealer.Seal(sealer.Open(stored, BudgetWebhooks.SecretPurpose, tenantId), BudgetWebhooks.SecretPurpose, tenantId);
                if (await ReplaceAsync(tenantId, slug, stored, resealed, state, actor, ct))
                {
                    rewrapped++;
                }
            }
            progress?.Invoke(++done, rows.Count);
        }
        return new RewrapResult(rewrapped, current, unopened);
    }

    private async Task<bool> ReplaceAsync(Guid tenantId, string slug, string stored, string resealed, SealState from, string actor, CancellationToken ct)
    {
        await using var connection = await admin.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var rewrap = new NpgsqlCommand(
            "SELECT set_config('serverless.secrets_rewrap', 'on', true), set_config('app.actor', $1, true)", connection, transaction))
        {
            rewrap.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor });
            await rewrap.ExecuteNonQueryAsync(ct);
        }
        await using (var update = new NpgsqlCommand(
            "UPDATE llm_tenant_settings SET budget_webhook_secret = $3 WHERE tenant_id = $1 AND budget_webhook_secret = $2", connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stored });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = resealed });
            if (await update.ExecuteNonQueryAsync(ct) == 0)
            {
                // Changed since it was read: the new value was sealed by its writer, with the current key.
                return false;
            }
        }
        await using (var audit = new NpgsqlCommand("""
            INSERT INTO operator_audit (actor, action, subject_tenant_id, subject_tenant_slug, details)
            VALUES ($1, 'budget_webhook.secret_rewrapped', $2, $3, jsonb_build_object('from', $4::text))
            """, connection, transaction))
        {
            audit.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor });
            audit.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
            audit.Parameters.Add(new NpgsqlParameter<string> { TypedValue = slug });
            audit.Parameters.Add(new NpgsqlParameter<string> { TypedValue = from == SealState.Plain ? "clear" : "previous key" });
            await audit.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return true;
    }
}
