namespace Serverless.Aws.Cdn;

/// <summary>
/// CloudFront invalidation (section <c>Cdn</c>). Without a distribution id nothing is sent: locally
/// and in secondaries the recording invalidator stands in.
/// </summary>
public sealed class CloudFrontOptions
{
    public const string Section = "Cdn";

    /// <summary>The distribution to invalidate, e.g. <c>E2QWRUHAPOMQZL</c>.</summary>
    public string? DistributionId { get; set; }

    /// <summary>CloudFront's API is global: one endpoint, signed for us-east-1. Tests point it at a fake.</summary>
    public string Endpoint { get; set; } = "https://cloudfront.amazonaws.com";

    /// <summary>How long a batch stays open for more paths before it is sent (the caller waits for it).</summary>
    public int BatchWindowMs { get; set; } = 200;

    /// <summary>
    /// The longest a publishing request waits for its batch; past it the batch goes on without the
    /// caller (on Lambda it may then be delayed until the instance is thawed again).
    /// </summary>
    public int MaxWaitMs { get; set; } = 5000;

    /// <summary>Paths per CreateInvalidation (CloudFront takes up to 3000; 15 wildcard paths may be in progress).</summary>
    public int MaxPathsPerBatch { get; set; } = 100;

    /// <summary>Attempts per batch on throttling or a 5xx, with exponential backoff and jitter.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>How long calls are refused once most recent calls failed.</summary>
    public int BreakSeconds { get; set; } = 30;
}
