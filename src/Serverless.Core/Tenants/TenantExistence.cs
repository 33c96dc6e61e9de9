using Serverless.Core.Data;

namespace Serverless.Core.Tenants;

/// <summary>
/// Whether a tenant id names a tenant, and its tier. A token is signed by the identity provider, which may
/// still issue tokens for a tenant that was never created here or has been removed: such a token must not
/// read an empty tenant or fail a write on a foreign key. Asked of the replica first (as API keys are); a
/// miss is confirmed on the primary, so a tenant created a moment ago is not refused because the replica lags.
/// </summary>
public sealed class TenantExistence(Databases databases)
{
    public async Task<bool> ExistsAsync(Guid tenantId, CancellationToken ct) => await TierAsync(tenantId, ct) is not null;

    /// <summary>The tenant's tier, or null when there is no such tenant.</summary>
    public async Task<string?> TierAsync(Guid tenantId, CancellationToken ct) =>
        await TierOnAsync(DataSourceKind.Replica, tenantId, ct) ?? await TierOnAsync(DataSourceKind.Primary, tenantId, ct);

    private async Task<string?> TierOnAsync(DataSourceKind source, Guid tenantId, CancellationToken ct)
    {
        // Row-level security shows the application role only the tenant the session is set to.
        await using var session = await TenantSession.BeginAsync(databases, source, tenantId, "tenants.exists", ct);
        await using var select = session.Command("SELECT tier FROM tenants WHERE id = $1");
        select.Parameters.Add(SqlParams.Uuid(tenantId));
        return await select.ExecuteScalarAsync(ct) as string;
    }
}
