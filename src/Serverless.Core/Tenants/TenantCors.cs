using Npgsql;

namespace Serverless.Core.Tenants;

/// <summary>
/// A tenant's browser origins (<c>tenants.settings.cors.origins</c>), set by operators over the admin
/// connection and audited. Each is an origin as browsers send it: <c>https://host[:port]</c>, nothing more.
/// </summary>
public sealed class TenantCors(NpgsqlDataSource admin)
{
    public const int MaxOrigins = 20;

    /// <summary>The origin in the form browsers send (lowercase scheme and host, default port dropped), or an error.</summary>
    public static (string? Origin, string? Error) Normalize(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return (null, $"'{value}' is not an origin: use https://host or https://host:port.");
        }
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return (null, $"'{value}' has more than an origin: leave out the path, query and user.");
        }
        return (uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant(), null);
    }

    /// <returns>The origins now stored; throws <see cref="ArgumentException"/> for a bad origin and <see cref="KeyNotFoundException"/> for no such tenant.</returns>
    public async Task<IReadOnlyList<string>> SetAsync(string slug, IReadOnlyList<string> origins, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(origins);
        if (origins.Count > MaxOrigins)
        {
            throw new ArgumentException($"At most {MaxOrigins} origins per tenant.", nameof(origins));
        }
        var normalized = new List<string>();
        foreach (var value in origins)
        {
            var (origin, error) = Normalize(value);
            if (error is not null)
            {
                throw new ArgumentException(error, nameof(origins));
            }
            if (!normalized.Contains(origin!))
            {
                normalized.Add(origin!);
            }
        }
        await using var connection = await admin.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // The settings trigger (migration 0180) writes the one versioned audit row, with the origins before and
        // after: name the operator in it.
        await using (var actorSetting = new NpgsqlCommand("SELECT set_config('app.actor', $1, true)", connection, transaction))
        {
            actorSetting.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor });
            await actorSetting.ExecuteNonQueryAsync(ct);
        }
        await using var update = new NpgsqlCommand("""
            UPDATE tenants SET settings = jsonb_set(settings, '{cors}', jsonb_build_object('origins', to_jsonb($2::text[])))
             WHERE slug = $1 RETURNING id
            """, connection, transaction);
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = slug });
        update.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. normalized] });
        _ = await update.ExecuteScalarAsync(ct) as Guid? ?? throw new KeyNotFoundException($"no tenant '{slug}'");
        await transaction.CommitAsync(ct);
        return normalized;
    }

    public async Task<IReadOnlyList<string>> GetAsync(string slug, CancellationToken ct)
    {
        await using var select = admin.CreateCommand("""
            SELECT coalesce(array(SELECT jsonb_array_elements_text(settings -> 'cors' -> 'origins')
                                   WHERE jsonb_typeof(settings -> 'cors' -> 'origins') = 'array'), '{}')
              FROM tenants WHERE slug = $1
            """);
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = slug });
        return await select.ExecuteScalarAsync(ct) as string[] ?? throw new KeyNotFoundException($"no tenant '{slug}'");
    }
}
