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

public static class CacheOutcomeText
{
    /// <summary>The <c>x-cache</c> header's value (HIT, MISS, STALE, BYPASS): constant strings, nothing allocated per request.</summary>
    public static string Header(this CacheOutcome outcome) => outcome switch
    {
        CacheOutcome.Hit => "HIT",
        CacheOutcome.Miss => "MISS",
        CacheOutcome.Stale => "STALE",
        CacheOutcome.Bypass => "BYPASS",
        _ => outcome.ToString().ToUpperInvariant(),
    };

    /// <summary>The <c>result</c> label of the cache-call metric (hit, miss, stale, bypass).</summary>
    public static string Label(this CacheOutcome outcome) => outcome switch
    {
        CacheOutcome.Hit => "hit",
        CacheOutcome.Miss => "miss",
        CacheOutcome.Stale => "stale",
        CacheOutcome.Bypass => "bypass",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
