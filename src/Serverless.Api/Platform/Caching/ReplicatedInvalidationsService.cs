using Microsoft.Extensions.Options;
using Serverless.Api.Platform.Regions;

namespace Serverless.Api.Platform.Caching;

/// <summary>
/// In a secondary region, follows <c>cache_invalidations</c> on the local replica every poll
/// interval; in the primary, prunes it. On Lambda this runs only while the instance is thawed, so
/// reads in a secondary also catch up first when a poll is due (<see cref="RegionExtensions.UseRegionRouting"/>).
/// </summary>
public sealed partial class ReplicatedInvalidationsService(
    ReplicatedInvalidations invalidations, IOptions<RegionOptions> options, ILogger<ReplicatedInvalidationsService> logger) : BackgroundService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var primary = options.Value.IsPrimary;
        using var timer = new PeriodicTimer(primary ? PruneEvery : TimeSpan.FromMilliseconds(options.Value.InvalidationPollMs));
        // The primary prunes after its first interval, not at start: every Lambda cold start would
        // otherwise spend a connection and a DELETE on it while its first request waits for the CPU.
        if (primary && !await timer.WaitForNextTickAsync(stoppingToken))
        {
            return;
        }

        do
        {
            try
            {
                await (primary ? invalidations.PruneAsync(stoppingToken) : invalidations.CatchUpIfDueAsync(stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, primary ? "prune" : "follow", e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replicated invalidations: {Operation} failed ({ErrorType}); retrying next interval")]
    private static partial void LogFailed(ILogger logger, string operation, string errorType);
}
