namespace Serverless.Api.Features.PublicContent;

/// <summary>The public read path's own cache and limits (HTTP cache lifetimes come from tenant settings).</summary>
public sealed class PublicContentOptions
{
    public const string Section = "PublicContent";

    /// <summary>How long a cached page is served without asking the database. Also the longest an
    /// instance that missed an invalidation message can serve an old version.</summary>
    public int FreshSeconds { get; set; } = 30;

    /// <summary>How long "no such tenant or item" is remembered, here and (as max-age) by CDNs and browsers.</summary>
    public int NegativeSeconds { get; set; } = 10;

    /// <summary>How long a tenant's slug-to-id mapping is fresh (slugs never change).</summary>
    public int TenantSeconds { get; set; } = 300;

    /// <summary>How long copies are kept for stale-if-error, when the database fails.</summary>
    public int KeepSeconds { get; set; } = 86400;

    /// <summary>The in-process cache's budget.</summary>
    public int LocalCacheMegabytes { get; set; } = 64;

    /// <summary>Requests per client IP per window.</summary>
    public int RateLimitPermits { get; set; } = 600;

    public int RateLimitWindowSeconds { get; set; } = 60;

    /// <summary>Take the client IP from CloudFront's <c>CloudFront-Viewer-Address</c> header, on requests that
    /// passed the origin-verify check (OriginVerify:Secret); on any other the connection address counts.</summary>
    public bool TrustCloudFrontViewerAddress { get; set; }
}
