using Serverless.Core.Data;

namespace Serverless.Core.Tenants;

/// <summary>Whether a tenant is suspended (read under the tenant's own row-level security).</summary>
public sealed class TenantSuspension(Databases databases)
{
    public async Task<bool> IsSuspendedAsync(Guid tenantId, DataSourceKind source, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, source, tenantId, "tenants.suspended", ct);
        await using var select = session.Command("SELECT suspended_at IS NOT NULL FROM tenants WHERE id = $1");
        select.Parameters.Add(SqlParams.Uuid(tenantId));
        return await select.ExecuteScalarAsync(ct) is true;
    }
}
