using NpgsqlTypes;
using Serverless.Api.Features.PublicContent;
using Serverless.Api.Platform.Caching;
using Serverless.Core.PublicContent;

namespace Serverless.Api.Features.Settings;

/// <summary>
/// What a change of a tenant's settings does to the caches: the tenant's tag is dropped here and on every other
/// instance (its public pages, whose lifetimes and default locale come from the settings, and its CORS origins),
/// with a fence at the change's WAL position; and CloudFront is asked to drop the tenant's public pages. Other
/// regions follow the same tag through <c>cache_invalidations</c>, written by the settings trigger.
/// </summary>
public sealed partial class TenantSettingsInvalidator(CacheInvalidationBus bus, ICdnInvalidator cdn, ILogger<TenantSettingsInvalidator> logger)
{
    public async Task SettingsChangedAsync(Guid tenantId, string tenantSlug, int version, NpgsqlLogSequenceNumber committedAt, CancellationToken ct)
    {
        await bus.PublishAsync([PublicCacheKeys.TenantTag(tenantId)], committedAt, ct);
        if (tenantSlug.Length == 0)
        {
            return;
        }
        var request = new CdnInvalidationRequest([$"/public/{tenantSlug}/*"], [$"tenant/{tenantSlug}"], $"settings-{tenantId:N}-{version}");
        try
        {
            await cdn.InvalidateAsync(request, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change is committed and regional caches are clean; the edge expires by s-maxage.
            LogCdnFailed(logger, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CDN invalidation after a settings change failed ({ErrorType}); edge copies expire by s-maxage")]
    private static partial void LogCdnFailed(ILogger logger, string errorType);
}
