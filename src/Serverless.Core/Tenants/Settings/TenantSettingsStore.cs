using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Budgets;
using Serverless.Core.Data;
using Serverless.Core.PublicContent;
using Serverless.Core.Review;
using Serverless.Core.Secrets;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Tenants.Settings;

/// <summary>
/// A tenant's settings as one document over the two places they live: <c>tenants.settings</c> (review rules and
/// banned terms under <c>review</c>, <c>publicCache</c>, <c>defaultLocale</c>, <c>cors.origins</c>, the keys the
/// readers in Review, PublicContent and the CORS check use) and the budget webhook in <c>llm_tenant_settings</c>.
/// Keys of <c>tenants.settings</c> this document does not own are kept as they are. The triggers of migration 0180
/// version and audit every change. The webhook's secret is stored sealed (<see cref="SecretSealer"/>).
/// </summary>
public sealed class TenantSettingsStore(Databases databases, SecretSealer sealer)
{
    public async Task<TenantSettings> ReadAsync(Guid tenantId, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "settings.read", ct);
        var settings = await ReadAsync(session, tenantId, forUpdate: false, ct)
            ?? throw new InvalidOperationException($"Tenant {tenantId} is not visible to its own session.");
        await session.CommitAsync(ct);
        return settings.Settings;
    }

    /// <summary>Replaces the settings if they are still at <paramref name="expectedVersion"/>; one transaction.</summary>
    public async Task<TenantSettingsWrite> ReplaceAsync(Guid tenantId, int expectedVersion, TenantSettingsChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "settings.replace", ct);
        var current = await ReadAsync(session, tenantId, forUpdate: true, ct)
            ?? throw new InvalidOperationException($"Tenant {tenantId} is not visible to its own session.");
        if (current.Settings.Version != expectedVersion)
        {
            return new TenantSettingsWrite(TenantSettingsWriteStatus.VersionConflict, null, current.Settings.Version);
        }
        if (change.BudgetWebhookUrl is not null && change.BudgetWebhookSecret is null && !current.Settings.BudgetWebhookSecretSet)
        {
            return new TenantSettingsWrite(TenantSettingsWriteStatus.SecretRequired, null, current.Settings.Version);
        }

        // The same secret again is no change: sealing it anew (a fresh nonce) would make a version of nothing.
        if (change.BudgetWebhookSecret is { } offered && current.SealedSecret is { } stored && Opens(stored, offered, tenantId))
        {
            change = change with { BudgetWebhookSecret = null };
        }

        await using (var update = session.Command("UPDATE tenants SET settings = $2 WHERE id = $1"))
        {
            update.Parameters.Add(Uuid(tenantId));
            update.Parameters.Add(Jsonb(Merge(current.Json, change)));
            await update.ExecuteNonQueryAsync(ct);
        }
        await using (var webhook = session.Command(WebhookSql(change)))
        {
            webhook.Parameters.Add(Uuid(tenantId));
            if (change.BudgetWebhookUrl is { } url)
            {
                webhook.Parameters.Add(Text(url));
            }
            if (change.BudgetWebhookSecret is { } secret)
            {
                webhook.Parameters.Add(Text(sealer.Seal(secret, BudgetWebhooks.SecretPurpose, tenantId)));
            }
            await webhook.ExecuteNonQueryAsync(ct);
        }
        var after = (await ReadAsync(session, tenantId, forUpdate: false, ct))!;
        await session.CommitAsync(ct);
        return new TenantSettingsWrite(TenantSettingsWriteStatus.Done, after.Settings, after.Settings.Version);
    }

    // Each statement changes the row only when something differs, so an unchanged webhook makes no new version.
    private static string WebhookSql(TenantSettingsChange change) => (change.BudgetWebhookUrl, change.BudgetWebhookSecret) switch
    {
        (null, _) => """
            UPDATE llm_tenant_settings SET budget_webhook_url = NULL, budget_webhook_secret = NULL, updated_at = now()
             WHERE tenant_id = $1 AND budget_webhook_url IS NOT NULL
            """,
        // A new URL keeps the stored secret (a first webhook without one was refused before this).
        (_, null) => """
            UPDATE llm_tenant_settings SET budget_webhook_url = $2, updated_at = now()
             WHERE tenant_id = $1 AND budget_webhook_url IS DISTINCT FROM $2
            """,
        _ => """
            INSERT INTO llm_tenant_settings (tenant_id, budget_webhook_url, budget_webhook_secret) VALUES ($1, $2, $3)
            ON CONFLICT (tenant_id) DO UPDATE SET budget_webhook_url = EXCLUDED.budget_webhook_url,
                budget_webhook_secret = EXCLUDED.budget_webhook_secret, updated_at = now()
             WHERE (llm_tenant_settings.budget_webhook_url, llm_tenant_settings.budget_webhook_secret)
                   IS DISTINCT FROM (EXCLUDED.budget_webhook_url, EXCLUDED.budget_webhook_secret)
            """,
    };

    private bool Opens(string stored, string offered, Guid tenantId)
    {
        try
        {
            return sealer.Open(stored, BudgetWebhooks.SecretPurpose, tenantId) == offered;
        }
        catch (SecretNotOpenedException)
        {
            return false;
        }
    }

    private sealed record Stored(TenantSettings Settings, string Json, string? SealedSecret);

    private static async Task<Stored?> ReadAsync(TenantSession session, Guid tenantId, bool forUpdate, CancellationToken ct)
    {
        await using var select = session.Command($"""
            SELECT t.settings::text, t.settings_version, s.budget_webhook_url, s.budget_webhook_secret
              FROM tenants t LEFT JOIN llm_tenant_settings s ON s.tenant_id = t.id
             WHERE t.id = $1 {(forUpdate ? "FOR UPDATE OF t" : "")}
            """);
        select.Parameters.Add(Uuid(tenantId));
        await using var r = await select.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            return null;
        }
        var json = r.GetString(0);
        var sealedSecret = r.IsDBNull(3) ? null : r.GetString(3);
        return new Stored(FromJson(json, r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), sealedSecret is not null), json, sealedSecret);
    }

    /// <summary>The settings as the readers see them: what is missing or out of range is the default they use.</summary>
    public static TenantSettings FromJson(string settingsJson, int version, string? webhookUrl, bool secretSet)
    {
        var review = ReviewSettings.FromTenantSettings(settingsJson);
        var pub = PublicSettings.FromJson(settingsJson);
        return new TenantSettings(
            new TenantReviewSettings(review.AutoApprove, review.Threshold, review.MinLength, review.MaxLength),
            review.BannedTerms,
            new PublicCacheSettings(pub.MaxAge, pub.SMaxAge, pub.StaleWhileRevalidate, pub.StaleIfError),
            pub.DefaultLocale,
            CorsOrigins(settingsJson),
            webhookUrl,
            secretSet,
            version);
    }

    private static List<string> CorsOrigins(string settingsJson)
    {
        using var document = JsonDocument.Parse(settingsJson);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("cors", out var cors) && cors.ValueKind == JsonValueKind.Object
            && cors.TryGetProperty("origins", out var origins) && origins.ValueKind == JsonValueKind.Array
            ? [.. origins.EnumerateArray().Where(o => o.ValueKind == JsonValueKind.String).Select(o => o.GetString()!.ToLowerInvariant())]
            : [];
    }

    /// <summary>The stored document with this document's keys replaced and every other key kept.</summary>
    private static string Merge(string storedJson, TenantSettingsChange change)
    {
        var root = JsonNode.Parse(storedJson) as JsonObject ?? [];
        var review = Child(root, "review");
        review["autoApprove"] = change.Review.AutoApprove;
        review["threshold"] = change.Review.Threshold;
        review["minLength"] = change.Review.MinLength;
        review["maxLength"] = change.Review.MaxLength;
        review["bannedTerms"] = new JsonArray([.. change.BannedTerms.Select(t => (JsonNode?)JsonValue.Create(t))]);
        var cache = Child(root, "publicCache");
        cache["maxAge"] = change.PublicCache.MaxAge;
        cache["sMaxAge"] = change.PublicCache.SMaxAge;
        cache["staleWhileRevalidate"] = change.PublicCache.StaleWhileRevalidate;
        cache["staleIfError"] = change.PublicCache.StaleIfError;
        root["defaultLocale"] = change.DefaultLocale;
        Child(root, "cors")["origins"] = new JsonArray([.. change.CorsOrigins.Select(o => (JsonNode?)JsonValue.Create(o))]);
        return root.ToJsonString();
    }

    private static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }
        var made = new JsonObject();
        parent[name] = made;
        return made;
    }
}
