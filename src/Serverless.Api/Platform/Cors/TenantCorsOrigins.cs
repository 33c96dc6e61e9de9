using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NpgsqlTypes;
using Serverless.Api.Features.PublicContent;
using Serverless.Api.Platform.Caching;
using Serverless.Core.Data;

namespace Serverless.Api.Platform.Cors;

/// <summary>
/// Every tenant's allowed browser origins, read from the replica through <c>cors_origins()</c> and kept for
/// <see cref="CorsOptions.RefreshSeconds"/>. When the database does not answer, the last list stays in use
/// (or none: a browser is then refused, an API client is not affected). A change of a tenant's settings (its
/// cache tag, from this instance, another one over Redis or another region) makes the next request read the
/// list again, from a source that has the change.
/// </summary>
public sealed partial class TenantCorsOrigins(
    Databases databases, ReplicaReads replicas, IOptions<CorsOptions> options, TimeProvider time, ILogger<TenantCorsOrigins> logger)
    : ITagInvalidationListener
{
    private static readonly TimeSpan ReplicaWait = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Lock _changes = new();
    private volatile Snapshot _current = Snapshot.Empty;
    private NpgsqlLogSequenceNumber? _changedAt;

    public void Invalidated(IReadOnlyList<string> tags, NpgsqlLogSequenceNumber lsn)
    {
        if (!tags.Any(t => t.StartsWith(PublicCacheKeys.TenantTagPrefix, StringComparison.Ordinal)))
        {
            return;
        }
        lock (_changes)
        {
            _changedAt = _changedAt is { } known && known > lsn ? known : lsn;
            _current = _current with { Until = DateTimeOffset.MinValue };
        }
    }

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
        NpgsqlLogSequenceNumber? changedAt;
        lock (_changes)
        {
            changedAt = _changedAt;
        }
        var source = changedAt is null ? DataSourceKind.Replica : await replicas.SourceForAsync(changedAt, ReplicaWait, ct);
        var byTenant = new Dictionary<Guid, HashSet<string>>();
        await using var command = databases[source].CreateCommand("SELECT tenant_id, origin FROM cors_origins()");
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
