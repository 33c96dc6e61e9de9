using Npgsql;
using NpgsqlTypes;

namespace Serverless.Core.Data;

/// <summary>
/// Read-your-writes over a lagging replica. A write's position is the primary's WAL LSN after it
/// committed; a read that must see that write goes to the replica only once the replica has replayed
/// past it (waiting a bounded few milliseconds for it), and to the primary otherwise.
/// </summary>
public sealed class ReplicaReads(Databases databases, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    /// <summary>True when a separate replica is configured (else every read is a primary read).</summary>
    public bool HasReplica => !ReferenceEquals(databases.Primary, databases.Replica);

    /// <summary>The primary's current WAL position: after a commit, at or past that commit.</summary>
    public async Task<NpgsqlLogSequenceNumber> PrimaryPositionAsync(CancellationToken ct)
    {
        await using var command = databases.Primary.CreateCommand("SELECT pg_current_wal_lsn()");
        return (NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>How far the replica has replayed; null when it is not replaying (not a standby).</summary>
    public async Task<NpgsqlLogSequenceNumber?> ReplayedAsync(CancellationToken ct)
    {
        await using var command = databases.Replica.CreateCommand("SELECT pg_last_wal_replay_lsn()");
        return await command.ExecuteScalarAsync(ct) is NpgsqlLogSequenceNumber lsn ? lsn : null;
    }

    /// <summary>Where a read that must reflect <paramref name="required"/> can be served.</summary>
    public async Task<DataSourceKind> SourceForAsync(NpgsqlLogSequenceNumber? required, TimeSpan maxWait, CancellationToken ct)
    {
        if (required is not { } needed)
        {
            return DataSourceKind.Replica;
        }
        if (!HasReplica || databases.Fallback.IsOpen)
        {
            // No replica, or it failed a moment ago (its breaker is open): the primary has every write.
            return DataSourceKind.Primary;
        }
        var deadline = time.GetTimestamp() + (long)(maxWait.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            NpgsqlLogSequenceNumber? replayed;
            try
            {
                replayed = await ReplayedAsync(ct);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
            {
                // The replica is down or not answering (or, 3D000, has not replayed a new database yet): the
                // primary can always serve a read that must see a write, so a token read never fails on the
                // replica, in any region.
                databases.Fallback.Trip();
                return DataSourceKind.Primary;
            }
            if (replayed is { } position && position >= needed)
            {
                return DataSourceKind.Replica;
            }
            if (time.GetTimestamp() >= deadline)
            {
                return DataSourceKind.Primary;
            }
            await Task.Delay(PollInterval, time, ct);
        }
    }
}
