using System.Security.Cryptography;
using Npgsql;
using Serverless.Core.Data;
using Serverless.Core.Secrets;

namespace Serverless.Core.Budgets;

/// <summary>
/// A budget warning to send: the body is fixed when the warning happens and signed on every attempt.
/// <see cref="Secret"/> is the opened signing secret; <see cref="SecretError"/> says why it could not be opened.
/// </summary>
public sealed record WebhookDelivery(Guid Id, Guid TenantId, string? Url, string? Secret, string Payload, int Attempts, string? SecretError = null);

/// <summary>
/// A tenant's budget webhook (URL and signing secret, migration 0141) and the deliveries waiting for it. The
/// deliveries themselves are written by <see cref="BudgetLedger.SettleAsync"/>, in the settlement's transaction.
/// The secret must be readable to sign, so it is stored sealed (<see cref="SecretSealer"/>), never in clear.
/// </summary>
public sealed class BudgetWebhooks(Databases databases, SecretSealer sealer)
{
    /// <summary>What a webhook secret is sealed for (bound into the sealed value with the tenant).</summary>
    public const string SecretPurpose = "budget_webhook";

    /// <summary>Sets the tenant's webhook and makes a new signing secret, returned once (audited as <c>llm_settings.*</c>).</summary>
    public async Task<string> SetAsync(Guid tenantId, Uri url, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!IsAllowed(url))
        {
            throw new ArgumentException("A webhook URL must be https (plain http only to this machine, for local use).");
        }
        var secret = "whsec_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "budget_webhook.set", ct);
        await using var upsert = session.Command("""
            INSERT INTO llm_tenant_settings (tenant_id, budget_webhook_url, budget_webhook_secret) VALUES ($1, $2, $3)
            ON CONFLICT (tenant_id) DO UPDATE SET budget_webhook_url = EXCLUDED.budget_webhook_url,
                budget_webhook_secret = EXCLUDED.budget_webhook_secret, updated_at = now()
            """);
        upsert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = url.AbsoluteUri });
        upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sealer.Seal(secret, SecretPurpose, tenantId) });
        await upsert.ExecuteNonQueryAsync(ct);
        await session.CommitAsync(ct);
        return secret;
    }

    /// <summary>Removes the tenant's webhook; warnings still go to the audit log and metrics.</summary>
    public async Task ClearAsync(Guid tenantId, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "budget_webhook.clear", ct);
        await using var clear = session.Command(
            "UPDATE llm_tenant_settings SET budget_webhook_url = NULL, budget_webhook_secret = NULL, updated_at = now() WHERE tenant_id = $1 AND budget_webhook_url IS NOT NULL");
        clear.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        await clear.ExecuteNonQueryAsync(ct);
        await session.CommitAsync(ct);
    }

    /// <summary>The tenant's webhook URL, if any (never the secret).</summary>
    public async Task<string?> UrlAsync(Guid tenantId, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "budget_webhook.read", ct);
        await using var select = session.Command("SELECT budget_webhook_url FROM llm_tenant_settings WHERE tenant_id = $1");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        var url = await select.ExecuteScalarAsync(ct) as string;
        await session.CommitAsync(ct);
        return url;
    }

    /// <summary>Leases up to <paramref name="limit"/> due deliveries of every tenant for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> ClaimDueAsync(int limit, TimeSpan lease, CancellationToken ct)
    {
        await using var claim = databases.Primary.CreateCommand("SELECT * FROM budget_webhooks_claim($1, $2)");
        claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)Math.Ceiling(lease.TotalSeconds) });
        var due = new List<WebhookDelivery>();
        await using var r = await claim.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var tenantId = r.GetGuid(1);
            var (secret, error) = r.IsDBNull(3) ? (null, null) : Open(r.GetString(3), tenantId);
            due.Add(new WebhookDelivery(r.GetGuid(0), tenantId, r.IsDBNull(2) ? null : r.GetString(2), secret, r.GetString(4), r.GetInt32(5), error));
        }
        return due;
    }

    public Task DeliveredAsync(WebhookDelivery delivery, CancellationToken ct) =>
        FinishAsync(delivery, "UPDATE budget_webhook_deliveries SET state = 'delivered', delivered_at = now(), last_error = NULL WHERE id = $1", null, null, ct);

    /// <summary>A failed attempt: tried again at <paramref name="retryAt"/>, or given up (state <c>failed</c>) when it is null.</summary>
    public Task FailedAsync(WebhookDelivery delivery, string error, DateTimeOffset? retryAt, CancellationToken ct) => retryAt is { } at
        ? FinishAsync(delivery, "UPDATE budget_webhook_deliveries SET last_error = $2, next_attempt_at = $3 WHERE id = $1", error, at, ct)
        : FinishAsync(delivery, "UPDATE budget_webhook_deliveries SET state = 'failed', last_error = $2 WHERE id = $1", error, null, ct);

    private (string? Secret, string? Error) Open(string stored, Guid tenantId)
    {
        try
        {
            return (sealer.Open(stored, SecretPurpose, tenantId), null);
        }
        catch (SecretNotOpenedException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Plain http only to a loopback address (a local receiver); everything else must be https.</summary>
    public static bool IsAllowed(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));

    private async Task FinishAsync(WebhookDelivery delivery, string sql, string? error, DateTimeOffset? at, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, delivery.TenantId, "budget_webhook.attempt", ct);
        await using var update = session.Command(sql);
        update.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = delivery.Id });
        if (error is not null)
        {
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = error.Length > 500 ? error[..500] : error });
        }
        if (at is { } when)
        {
            update.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = when });
        }
        await update.ExecuteNonQueryAsync(ct);
        await session.CommitAsync(ct);
    }
}
