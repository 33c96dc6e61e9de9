using Npgsql;

namespace Serverless.Core.Data;

/// <summary>
/// What a replica read does when the replica does not answer. A circuit breaker: the first failure to
/// open a replica connection opens it for <see cref="DatabaseOptions.ReplicaBreakSeconds"/>, during which
/// replica reads do not try the replica at all; then one read probes it (half-open) while the others keep
/// falling back; a read whose fallback finds the primary down too asks the replica again at once. Where
/// falling back is allowed (the primary region), replica reads go to the primary,
/// at most <see cref="DatabaseOptions.ReplicaFallbackConcurrency"/> at a time so a replica outage cannot
/// flood the primary; beyond that, and wherever falling back is not allowed (a secondary region, whose
/// primary is another region's), the read fails with <see cref="ReplicaUnavailableException"/> (503).
/// </summary>
public sealed class ReplicaFallback
{
    private static readonly TimeSpan QueueWait = TimeSpan.FromMilliseconds(250);
    private readonly DatabaseOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _primarySlots;
    private long _openUntil;
    private int _probing;

    public ReplicaFallback(DatabaseOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time ?? TimeProvider.System;
        _primarySlots = new SemaphoreSlim(Math.Max(1, options.ReplicaFallbackConcurrency));
    }

    /// <summary>Counts fallbacks (to the primary, or refused) for the metrics; set by the owner.</summary>
    public Action<string>? OnFallback { get; set; }

    /// <summary>True while the breaker is open: the replica failed recently and is not being asked.</summary>
    public bool IsOpen => Interlocked.Read(ref _openUntil) is var until && until != 0 && _time.GetTimestamp() < until;

    public bool FallsBackToPrimary => _options.ReplicaFallsBackToPrimary;

    private TimeSpan BreakFor => TimeSpan.FromSeconds(_options.ReplicaBreakSeconds);

    /// <summary>A connection for a read meant for the replica, and where it really goes.</summary>
    public async Task<OpenedConnection> OpenAsync(Databases databases, CancellationToken ct)
    {
        var until = Interlocked.Read(ref _openUntil);
        var probe = false;
        // Closed (0): ask the replica. Open (before "until"): do not. Half-open (after): one read probes it.
        var tryReplica = until == 0 || (_time.GetTimestamp() >= until && (probe = Interlocked.CompareExchange(ref _probing, 1, 0) == 0));
        Exception? failure = null;
        if (tryReplica)
        {
            try
            {
                var connection = await databases.Replica.OpenConnectionAsync(ct);
                if (until != 0)
                {
                    Close();
                }
                return new OpenedConnection(connection, DataSourceKind.Replica, null);
            }
            catch (Exception e) when (IsReplicaDown(e) && !ct.IsCancellationRequested)
            {
                Trip();
                failure = e;
            }
            finally
            {
                if (probe)
                {
                    Volatile.Write(ref _probing, 0);
                }
            }
        }
        try
        {
            return await FallBackAsync(databases, failure, ct);
        }
        catch (Exception e) when (!tryReplica && IsReplicaDown(e) && !ct.IsCancellationRequested)
        {
            // The primary standing in for the replica does not answer either (it went down within one break
            // of the replica's failure): ask the replica now, early, rather than fail a read it may well serve.
            try
            {
                var connection = await databases.Replica.OpenConnectionAsync(ct);
                Close();
                return new OpenedConnection(connection, DataSourceKind.Replica, null);
            }
            catch (Exception again) when (IsReplicaDown(again) && !ct.IsCancellationRequested)
            {
                Trip();
            }
            throw;
        }
    }

    /// <summary>Notes a replica failure seen outside <see cref="OpenAsync"/> (a direct replica command).</summary>
    public void Trip() => Interlocked.Exchange(ref _openUntil, _time.GetTimestamp() + (long)(BreakFor.TotalSeconds * _time.TimestampFrequency));

    private void Close() => Interlocked.Exchange(ref _openUntil, 0);

    private async Task<OpenedConnection> FallBackAsync(Databases databases, Exception? failure, CancellationToken ct)
    {
        if (!FallsBackToPrimary)
        {
            OnFallback?.Invoke("refused");
            throw new ReplicaUnavailableException("The read replica is not answering.", RetryAfter(), failure);
        }
        if (!await _primarySlots.WaitAsync(QueueWait, ct))
        {
            OnFallback?.Invoke("refused");
            throw new ReplicaUnavailableException(
                "The read replica is not answering and the primary is taking as many of its reads as it may.", RetryAfter(), failure);
        }
        try
        {
            var connection = await databases.Primary.OpenConnectionAsync(ct);
            OnFallback?.Invoke("primary");
            return new OpenedConnection(connection, DataSourceKind.Primary, new Slot(_primarySlots));
        }
        catch
        {
            _primarySlots.Release();
            throw;
        }
    }

    private TimeSpan RetryAfter()
    {
        var left = Interlocked.Read(ref _openUntil) - _time.GetTimestamp();
        var seconds = left > 0 ? Math.Ceiling(left / (double)_time.TimestampFrequency) : 1;
        return TimeSpan.FromSeconds(Math.Clamp(seconds, 1, Math.Max(1, _options.ReplicaBreakSeconds)));
    }

    /// <summary>Failures to reach the replica or its database; 3D000 is a replica that has not replayed a new database yet.</summary>
    public static bool IsReplicaDown(Exception e) => e is NpgsqlException or TimeoutException;

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
