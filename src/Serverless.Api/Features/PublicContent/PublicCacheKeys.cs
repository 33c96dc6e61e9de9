namespace Serverless.Api.Features.PublicContent;

/// <summary>
/// Cache keys and tags. Content keys start with the tenant id, so no key can name another tenant's
/// data; the tag of an item covers all its locales (a locale falls back to the default one).
/// </summary>
public static class PublicCacheKeys
{
    public static string Tenant(string tenantSlug) => $"public:v1:tenant:{tenantSlug}";

    public static string Content(Guid tenantId, string type, string slug, string? locale) =>
        $"public:v1:{tenantId:N}:{type}:{slug}:{locale ?? "-"}";

    /// <summary>Every cached page of a tenant carries it; a change of the tenant's settings drops them all (and its CORS origins).</summary>
    public static string TenantTag(Guid tenantId) => $"{TenantTagPrefix}{tenantId:N}";

    public const string TenantTagPrefix = "t:";

    public static string ItemTag(Guid tenantId, string type, string slug) => $"c:{tenantId:N}:{type}:{slug}";

    public static IReadOnlyList<string> Tags(Guid tenantId, string type, string slug) => [TenantTag(tenantId), ItemTag(tenantId, type, slug)];

    /// <summary>The CDN path of every locale of an item (the locale is in the query string).</summary>
    public static string Path(string tenantSlug, string type, string slug) => $"/public/{tenantSlug}/{type}/{slug}";

    /// <summary>Surrogate keys: one for the tenant, one for the item, in the shape CDNs purge by.</summary>
    public static string SurrogateKeys(string tenantSlug, string type, string slug) => $"tenant/{tenantSlug} item/{tenantSlug}/{type}/{slug}";
}
