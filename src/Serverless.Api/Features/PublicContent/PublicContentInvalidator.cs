using NpgsqlTypes;
using Serverless.Api.Platform.Caching;
using Serverless.Core.Content;
using Serverless.Core.PublicContent;

namespace Serverless.Api.Features.PublicContent;

/// <summary>
/// What a change to an item does to the caches: its tag is dropped here and on every other instance
/// (with a fence at the change's WAL position), and CloudFront is asked to drop the item's pages.
/// Every writer of content calls this after its commit; the /v1/content endpoints do it through
/// <see cref="PublicContentInvalidationFilter"/>.
/// </summary>
public sealed partial class PublicContentInvalidator(CacheInvalidationBus bus, ICdnInvalidator cdn, ILogger<PublicContentInvalidator> logger)
{
    public async Task ContentChangedAsync(Guid tenantId, string tenantSlug, ContentItem item, NpgsqlLogSequenceNumber committedAt, CancellationToken ct)
    {
        await bus.PublishAsync([PublicCacheKeys.ItemTag(tenantId, item.Type, item.Slug)], committedAt, ct);

        // A first version that is not published was never public: there is nothing at the edge to drop.
        if (item.Version == 1 && item.Status != "published")
        {
            return;
        }
        var request = new CdnInvalidationRequest(
            [PublicCacheKeys.Path(tenantSlug, item.Type, item.Slug) + "*"],
            [$"item/{tenantSlug}/{item.Type}/{item.Slug}"],
            $"{item.Id:N}-{item.Version}");
        try
        {
            await cdn.InvalidateAsync(request, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The write is committed and regional caches are clean; the edge expires by s-maxage.
            LogCdnFailed(logger, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CDN invalidation failed ({ErrorType}); edge copies expire by s-maxage")]
    private static partial void LogCdnFailed(ILogger logger, string errorType);
}
