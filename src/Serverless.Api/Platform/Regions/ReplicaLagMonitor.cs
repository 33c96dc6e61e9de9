using Microsoft.Extensions.Options;
using Serverless.Core.Data;

namespace Serverless.Api.Platform.Regions;

/// <summary>
/// Samples how far the replica is behind the primary (WAL bytes, and the age of the last replayed
/// transaction while behind) for the <c>serverless.db.replica.lag_*</c> gauges.
/// </summary>
public sealed partial class ReplicaLagMonitor(
    ReplicaReads replicas, Databases databases, ReadPathMetrics metrics, IOptions<RegionOptions> options, ILogger<ReplicaLagMonitor> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!replicas.HasReplica)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.LagSampleSeconds));
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSampleFailed(logger, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        var primary = await replicas.PrimaryPositionAsync(ct);
        await using var command = databases.Replica.CreateCommand(
            "SELECT pg_last_wal_replay_lsn(), COALESCE(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)::float8");
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || reader.IsDBNull(0))
        {
            return;
        }
        var replayed = (ulong)reader.GetFieldValue<NpgsqlTypes.NpgsqlLogSequenceNumber>(0);
        var bytes = (ulong)primary > replayed ? (long)((ulong)primary - replayed) : 0;
        // While caught up, "time since the last replayed transaction" is idle time, not lag.
        metrics.ReplicaLag(bytes, bytes == 0 ? 0 : reader.GetDouble(1));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Replica lag sample failed: {ErrorType}")]
    private static partial void LogSampleFailed(ILogger logger, string errorType);
}
