namespace Serverless.Api.Platform.Regions;

/// <summary>
/// Multi-region, single brain: which region this instance runs in and which one takes writes.
/// In a secondary region <c>Database:Replica</c> is the local cross-region replica and
/// <c>Database:Primary</c> the primary region's database (used only when the replica is behind a
/// consistency token); writes are redirected (308) to <see cref="PrimaryApiUrl"/>, never run here.
/// </summary>
public sealed class RegionOptions
{
    public const string Section = "Region";

    public string Current { get; set; } = "local";

    public string Primary { get; set; } = "local";

    /// <summary>
    /// Where a secondary sends the writes it gets (required in a secondary region): the public URL of
    /// the primary's API that clients may call, e.g. <c>https://api.example.com</c> (docs/deploy.md).
    /// </summary>
    public string? PrimaryApiUrl { get; set; }

    /// <summary>Base64 HMAC key (at least 32 bytes) that signs consistency tokens; the same in every region.</summary>
    public string ConsistencyKey { get; set; } = "";

    /// <summary>
    /// The key before the last rotation (base64, optional): tokens it signed are still accepted, new ones
    /// are signed with <see cref="ConsistencyKey"/>. Clear it once the longest-lived token has aged out.
    /// </summary>
    public string? PreviousConsistencyKey { get; set; }

    /// <summary>How long a read carrying a token may wait for the replica before going to the primary.</summary>
    public int ReplicaWaitMs { get; set; } = 20;

    /// <summary>How often replica lag is sampled for the metric.</summary>
    public int LagSampleSeconds { get; set; } = 5;

    /// <summary>How often a secondary reads the primary's replicated cache invalidations (docs/caching.md).</summary>
    public int InvalidationPollMs { get; set; } = 1000;

    /// <summary>How long the primary keeps invalidation rows; longer than any follower's look-back (30 s).</summary>
    public int InvalidationRetentionMinutes { get; set; } = 10;

    public bool IsPrimary => string.Equals(Current, Primary, StringComparison.Ordinal);

    /// <summary>An absolute http(s) URL with no query or fragment; https only when <paramref name="requireHttps"/>.</summary>
    public static bool IsRedirectTarget(string? url, bool requireHttps) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (!requireHttps && uri.Scheme == Uri.UriSchemeHttp))
        && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;

    public byte[] ConsistencyKeyBytes() => KeyBytes(ConsistencyKey);

    public byte[] PreviousConsistencyKeyBytes() => KeyBytes(PreviousConsistencyKey);

    private static byte[] KeyBytes(string? base64)
    {
        Span<byte> buffer = stackalloc byte[256];
        return Convert.TryFromBase64String(base64 ?? "", buffer, out var written) && written >= 32 ? buffer[..written].ToArray() : [];
    }
}
