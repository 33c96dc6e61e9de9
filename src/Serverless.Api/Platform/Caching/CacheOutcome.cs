namespace Serverless.Api.Platform.Caching;

/// <summary>How a cached read was answered (sent to clients as <c>x-cache</c>).</summary>
public enum CacheOutcome
{
    /// <summary>A fresh copy from L1 or L2.</summary>
    Hit,

    /// <summary>Loaded from the database by this request.</summary>
    Miss,

    /// <summary>An expired copy, because the database failed (stale-if-error).</summary>
    Stale,

    /// <summary>Not cached by design (a read carrying a consistency token).</summary>
    Bypass,
}
