using System.Collections.Concurrent;
using Serverless.Core.PublicContent;

namespace Serverless.Api.Platform.Caching;

/// <summary>
/// The local stand-in for CloudFront: it records each request (tests read them) and logs it. There
/// is no CloudFront locally, and no CloudFront SDK in this build: see docs/caching.md.
/// </summary>
public sealed partial class RecordingCdnInvalidator(ILogger<RecordingCdnInvalidator> logger) : ICdnInvalidator
{
    public ConcurrentQueue<CdnInvalidationRequest> Requests { get; } = new();

    public Task InvalidateAsync(CdnInvalidationRequest request, CancellationToken ct)
    {
        Requests.Enqueue(request);
        LogRecorded(logger, string.Join(' ', request.Paths), string.Join(' ', request.SurrogateKeys));
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CDN invalidation recorded: paths {Paths}; surrogate keys {SurrogateKeys}")]
    private static partial void LogRecorded(ILogger logger, string paths, string surrogateKeys);
}
