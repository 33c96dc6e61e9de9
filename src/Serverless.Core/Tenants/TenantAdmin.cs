using Npgsql;
using Serverless.Core.Content;

namespace Serverless.Core.Tenants;

/// <summary>Operator actions on tenants, over the operator's connection (it sees every tenant).</summary>
public sealed class TenantAdmin(NpgsqlDataSource admin)
{
    public async Task<Tenant> CreateAsync(string slug, string name, string tier, CancellationToken ct)
    {
        if (!ContentRules.IsSlug(slug) || slug.Length > 63)
        {
            throw new ArgumentException($"'{slug}' is not a valid tenant slug (lowercase letters, digits and single hyphens, at most 63).", nameof(slug));
        }
        if (!TenantTiers.IsValid(tier))
        {
            throw new ArgumentException($"'{tier}' is not a tier; use one of {string.Join(", ", TenantTiers.All)}.", nameof(tier));
        }
        await using var command = admin.CreateCommand(
            "INSERT INTO tenants (id, slug, name, tier) VALUES ($1, $2, $3, $4) RETURNING id, slug, name, tier, created_at");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = slug });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tier });
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return Read(reader);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException($"A tenant with slug '{slug}' already exists.", e);
        }
    }

    public async Task<Tenant?> FindAsync(string slug, CancellationToken ct)
    {
        await using var command = admin.CreateCommand("SELECT id, slug, name, tier, created_at FROM tenants WHERE slug = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = slug });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Tenant>> ListAsync(CancellationToken ct)
    {
        await using var command = admin.CreateCommand("SELECT id, slug, name, tier, created_at FROM tenants ORDER BY slug");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var tenants = new List<Tenant>();
        while (await reader.ReadAsync(ct))
        {
            tenants.Add(Read(reader));
        }
        return tenants;
    }

    private static Tenant Read(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4));
}
