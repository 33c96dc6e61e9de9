using Microsoft.Extensions.Options;
using NpgsqlTypes;
using Serverless.Api.Platform.Regions;
using Serverless.Core.Data;

namespace Serverless.Api.Platform.Caching;

/// <summary>
/// Publishes in the primary reach a secondary region's caches through the database: every content
/// change writes its tags to <c>cache_invalidations</c> (a trigger, same transaction), the row
/// replicates, and each secondary instance reads new rows from its local replica and drops those
/// tags from L1 and its region's Redis, fenced at the replica's replay position (which is past the
/// change, since the row is visible). Staleness bound: replica lag + <see cref="RegionOptions.InvalidationPollMs"/>.
/// </summary>
public sealed partial class ReplicatedInvalidations(
    Databases databases, CacheInvalidationBus bus, IOptions<RegionOptions> options, TimeProvider time, ILogger<ReplicatedInvalidations> logger)
{
    // A row becomes visible at its commit, which can come after rows with later ids and times: every
    // read looks back this far, and ids already applied are skipped.
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<long, DateTime> _applied = [];
    private DateTime? _since;
    private long _lastPollTicks = long.MinValue;

    /// <summary>Rows applied since start (for tests and logs).</summary>
    public long Applied { get; private set; }

    /// <summary>Reads and applies new rows unless that was done within the poll interval.</summary>
    public async Task CatchUpIfDueAsync(CancellationToken ct)
    {
        if (!IsDue())
        {
            return;
        }
        await _gate.WaitAsync(ct);
        try
        {
            if (IsDue())
            {
                await CatchUpAsync(ct);
                _lastPollTicks = time.GetTimestamp();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The primary forgets rows older than every follower's look-back.</summary>
    public async Task PruneAsync(CancellationToken ct)
    {
        await using var command = databases.Primary.CreateCommand("DELETE FROM cache_invalidations WHERE created_at < now() - make_interval(mins => $1)");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<int> { TypedValue = options.Value.InvalidationRetentionMinutes });
        await command.ExecuteNonQueryAsync(ct);
    }

    private bool IsDue() =>
        _lastPollTicks == long.MinValue || time.GetElapsedTime(_lastPollTicks) >= TimeSpan.FromMilliseconds(options.Value.InvalidationPollMs);

    private async Task CatchUpAsync(CancellationToken ct)
    {
        await using var command = databases.Replica.CreateCommand("""
            SELECT id, tags, created_at, COALESCE(pg_last_wal_replay_lsn(), pg_current_wal_lsn()), now()
            FROM (SELECT 1) AS one
            LEFT JOIN cache_invalidations ON created_at > COALESCE($1, now() - make_interval(secs => $2))
            ORDER BY id
            LIMIT 5000
            """);
        command.Parameters.Add(new Npgsql.NpgsqlParameter<DateTime?> { TypedValue = _since - Overlap, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        // On start, look back as far as a cached copy may be fresh: what changed then is dropped once more.
        command.Parameters.Add(new Npgsql.NpgsqlParameter<double> { TypedValue = Overlap.TotalSeconds });
        var rows = new List<(long Id, string[] Tags, DateTime At)>();
        NpgsqlLogSequenceNumber position = default;
        DateTime serverNow = default;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                position = reader.GetFieldValue<NpgsqlLogSequenceNumber>(3);
                serverNow = reader.GetFieldValue<DateTime>(4);
                if (!reader.IsDBNull(0) && !_applied.ContainsKey(reader.GetInt64(0)))
                {
                    rows.Add((reader.GetInt64(0), reader.GetFieldValue<string[]>(1), reader.GetFieldValue<DateTime>(2)));
                }
            }
        }
        var tags = rows.SelectMany(r => r.Tags).Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count > 0)
        {
            await bus.ApplyLocallyAsync(tags, position, ct);
            Applied += rows.Count;
            LogApplied(logger, rows.Count, tags.Count);
        }
        foreach (var row in rows)
        {
            _applied[row.Id] = row.At;
        }
        _since = rows.Count > 0 ? rows.Max(r => r.At) : _since ?? serverNow;
        foreach (var old in _applied.Where(a => a.Value < _since - Overlap - Overlap).Select(a => a.Key).ToList())
        {
            _applied.Remove(old);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Applied {RowCount} replicated invalidations ({TagCount} tags)")]
    private static partial void LogApplied(ILogger logger, int rowCount, int tagCount);
}
