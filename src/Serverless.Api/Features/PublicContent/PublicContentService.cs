using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NpgsqlTypes;
using Serverless.Api.Platform;
using Serverless.Api.Platform.Caching;
using Serverless.Api.Platform.Regions;
using Serverless.Core.Content;
using Serverless.Core.Data;
using Serverless.Core.PublicContent;
using Serverless.Core.Telemetry;

namespace Serverless.Api.Features.PublicContent;

/// <summary>
/// The public read path: tenant by slug, then the published item, both through the stale-if-error
/// cache. A read carrying a consistency token skips the cache and reads from wherever has the write.
/// A load after an invalidation is fenced: it reads from a source that has replayed the change.
/// </summary>
public sealed class PublicContentService(
    PublishedContentReader reader,
    ReplicaReads replicas,
    ConsistentReads reads,
    StaleIfErrorCache<PublicTenantEntry> tenants,
    StaleIfErrorCache<PublicContentEntry> items,
    ReadFences fences,
    IOptions<PublicContentOptions> options,
    ReadPathMetrics metrics,
    CoreMetrics coreMetrics,
    TimeProvider time)
{
    private PublicContentOptions Options => options.Value;

    private TimeSpan KeepFor => TimeSpan.FromSeconds(Options.KeepSeconds);

    private ConsistentReads Reads => reads;

    private ReadFences Fences => fences;

    public async ValueTask<PublicAnswer> GetAsync(
        string tenantSlug, string type, string slug, string? locale, NpgsqlLogSequenceNumber? required, CancellationToken ct)
    {
        if (required is { } position)
        {
            // Read-your-writes: always the database, tenant included (it may be as new as the write),
            // from a source that has the caller's write.
            var source = await reads.SourceForAsync(position, ct);
            coreMetrics.RecordCacheCall("public", "bypass");
            var direct = await reader.ResolveTenantAsync(tenantSlug, source, ct) is { } id
                ? await LoadItemAsync(id, type, slug, locale, source, ct)
                : new PublicContentEntry(null, null, PublicSettings.Default, 0, time.GetUtcNow());
            return new PublicAnswer(direct, CacheOutcome.Bypass, source);
        }

        var (tenant, tenantOutcome) = await tenants.GetAsync(
            PublicCacheKeys.Tenant(tenantSlug), [], KeepFor, new TenantLoad(this, tenantSlug), "tenant", ct);
        if (tenant.TenantId is not { } tenantId)
        {
            var unknown = new PublicContentEntry(null, null, PublicSettings.Default, 0, tenant.FreshUntil);
            return new PublicAnswer(unknown, tenantOutcome, null);
        }

        var tags = PublicCacheKeys.Tags(tenantId, type, slug);
        var load = new ItemLoad(this, tenantId, type, slug, locale, tags);
        var (entry, outcome) = await items.GetAsync(PublicCacheKeys.Content(tenantId, type, slug, locale), tags, KeepFor, load, "content", ct);
        coreMetrics.RecordCacheCall("public", outcome.Label());
        return new PublicAnswer(entry, outcome, load.LoadedFrom);
    }

    private async Task<PublicTenantEntry> LoadTenantAsync(string tenantSlug, CancellationToken ct)
    {
        metrics.PublicLoad("tenant", DataSourceKind.Replica);
        var id = await reader.ResolveTenantAsync(tenantSlug, DataSourceKind.Replica, ct);
        if (id is null && replicas.HasReplica)
        {
            // A tenant created a moment ago may not have reached the replica: ask the primary before
            // remembering "no such tenant" (once per unknown slug per NegativeSeconds).
            metrics.PublicLoad("tenant", DataSourceKind.Primary);
            id = await reader.ResolveTenantAsync(tenantSlug, DataSourceKind.Primary, ct);
        }
        var fresh = TimeSpan.FromSeconds(id is null ? Options.NegativeSeconds : Options.TenantSeconds);
        return new PublicTenantEntry(id, time.GetUtcNow() + fresh);
    }

    private async Task<PublicContentEntry> LoadItemAsync(
        Guid tenantId, string type, string slug, string? locale, DataSourceKind source, CancellationToken ct)
    {
        metrics.PublicLoad("content", source);
        var found = await reader.FindAsync(tenantId, type, slug, locale, source, ct);
        var now = time.GetUtcNow();
        if (found?.Item is not { } item)
        {
            return new PublicContentEntry(
                null, null, found?.Settings ?? PublicSettings.Default, (ulong)(found?.ReadAt ?? default), now.AddSeconds(Options.NegativeSeconds));
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new PublicItem(item.Id, item.Type, item.Slug, item.Locale, item.Title, item.Body, item.Attributes, item.Version, item.UpdatedAt),
            ApiJsonContext.Default.PublicItem);
        return new PublicContentEntry(body, StrongETag(body), found.Settings, (ulong)found.ReadAt, now.AddSeconds(Options.FreshSeconds));
    }

    private sealed class TenantLoad(PublicContentService service, string tenantSlug) : CacheLoad<PublicTenantEntry>
    {
        public override Task<PublicTenantEntry> LoadAsync(CancellationToken ct) => service.LoadTenantAsync(tenantSlug, ct);
    }

    /// <summary>An item's load: fenced (from a source that has replayed the latest change of its tags), and where it read.</summary>
    private sealed class ItemLoad(
        PublicContentService service, Guid tenantId, string type, string slug, string? locale, IReadOnlyList<string> tags) : CacheLoad<PublicContentEntry>
    {
        public DataSourceKind? LoadedFrom { get; private set; }

        public override async Task<PublicContentEntry> LoadAsync(CancellationToken ct)
        {
            var source = await service.Reads.SourceForAsync(service.Fences.For(tags), ct);
            LoadedFrom = source;
            return await service.LoadItemAsync(tenantId, type, slug, locale, source, ct);
        }

        public override bool IsOutdated(PublicContentEntry cached) => service.Fences.For(tags) is { } fence && cached.ReadAt < (ulong)fence;
    }

    // A hash of the exact bytes sent: equal ETags mean byte-identical bodies (a strong validator).
    private static string StrongETag(byte[] body) => $"\"{Base64Url.EncodeToString(SHA256.HashData(body).AsSpan(0, 16))}\"";
}
