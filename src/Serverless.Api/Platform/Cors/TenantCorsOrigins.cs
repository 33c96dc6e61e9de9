using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Data;

namespace Serverless.Api.Platform.Cors;

/// <summary>
/// Every tenant's allowed browser origins, read from the replica through <c>cors_origins()</c> and kept for
/// <see cref="CorsOptions.RefreshSeconds"/>. When the database does not answer, the last list stays in use
/// (or none: a browser is then refused, an API client is not affected).
/// </summary>
public sealed partial class TenantCorsOrigins(Databases databases, IOptions<CorsOptions> options, TimeProvider time, ILogger<TenantCorsOrigins> logger)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot _current = Snapshot.Empty;

    public async ValueTask<Snapshot> CurrentAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var current = _current;
        if (current.Until > now)
        {
            return current;
        }
        await _loading.WaitAsync(ct);
        try
        {
            if (_current.Until > now)
            {
                return _current;
            }
            _current = await LoadAsync(now, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnavailable(logger, e.GetType().Name, e.Message);
            // Try again in a few seconds, not on every request.
            _current = _current with { Until = now.AddSeconds(5) };
        }
        finally
        {
            _loading.Release();
        }
        return _current;
    }

    private async Task<Snapshot> LoadAsync(DateTimeOffset now, CancellationToken ct)
    {
        var byTenant = new Dictionary<Guid, HashSet<string>>();
        await using var command = databases.Replica.CreateCommand("SELECT tenant_id, origin FROM cors_origins()");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var tenant = reader.GetGuid(0);
            if (!byTenant.TryGetValue(tenant, out var origins))
            {
                byTenant[tenant] = origins = new HashSet<string>(StringComparer.Ordinal);
            }
            origins.Add(reader.GetString(1));
        }
        return new Snapshot(
            byTenant.ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenSet(StringComparer.Ordinal)),
            byTenant.Values.SelectMany(o => o).ToFrozenSet(StringComparer.Ordinal),
            now.AddSeconds(options.Value.RefreshSeconds));
    }

    /// <summary>The origins as read at one moment.</summary>
    public sealed record Snapshot(FrozenDictionary<Guid, FrozenSet<string>> ByTenant, FrozenSet<string> Any, DateTimeOffset Until)
    {
        public static readonly Snapshot Empty = new(FrozenDictionary<Guid, FrozenSet<string>>.Empty, FrozenSet<string>.Empty, DateTimeOffset.MinValue);

        /// <summary>Whether some tenant allows the origin: enough to answer a preflight, which carries no credentials.</summary>
        public bool AnyTenantAllows(string origin) => Any.Contains(origin.ToLowerInvariant());

        public bool Allows(Guid tenantId, string origin) =>
            ByTenant.TryGetValue(tenantId, out var origins) && origins.Contains(origin.ToLowerInvariant());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the tenants' CORS origins ({ErrorType}: {ErrorMessage}); keeping the last ones")]
    private static partial void LogUnavailable(ILogger logger, string errorType, string errorMessage);
}
