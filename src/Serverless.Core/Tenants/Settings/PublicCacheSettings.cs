namespace Serverless.Core.Tenants.Settings;

/// <summary>How long browsers (<see cref="MaxAge"/>) and CloudFront (<see cref="SMaxAge"/>) keep a public page, and how
/// long a stale copy may be served while revalidating or while the origin fails (seconds).</summary>
public sealed record PublicCacheSettings(int MaxAge, int SMaxAge, int StaleWhileRevalidate, int StaleIfError);
