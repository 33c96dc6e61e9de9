using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Serverless.Core.PublicContent;

namespace Serverless.Aws.Cdn;

/// <summary>
/// Sends CDN invalidations to CloudFront in batches: requests arriving within
/// <see cref="CloudFrontOptions.BatchWindowMs"/> share one <c>CreateInvalidation</c>, with each path
/// once. Every caller waits for its batch to be sent, so nothing is left in memory when Lambda freezes
/// the process after the response. Throttling and 5xx are retried with jittered backoff (the batch's
/// caller reference makes a retry idempotent), behind a circuit breaker so a CloudFront outage costs
/// publishes nothing but a logged failure; edge copies then expire by s-maxage.
/// </summary>
public sealed partial class CloudFrontInvalidator : ICdnInvalidator
{
    private readonly CloudFrontClient _client;
    private readonly CloudFrontOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CloudFrontInvalidator> _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly Lock _gate = new();
    private Batch? _open;

    public CloudFrontInvalidator(CloudFrontClient client, IOptions<CloudFrontOptions> options, TimeProvider time, ILogger<CloudFrontInvalidator> logger)
    {
        _client = client;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var transient = new PredicateBuilder().Handle<CloudFrontException>(e => e.IsTransient).Handle<HttpRequestException>().Handle<TimeoutException>();
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(60),
                BreakDuration = TimeSpan.FromSeconds(_options.BreakSeconds),
            })
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = Math.Max(0, _options.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
            })
            .AddTimeout(TimeSpan.FromSeconds(5))
            .Build();
    }

    public Task InvalidateAsync(CdnInvalidationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        Batch batch;
        lock (_gate)
        {
            if (_open is null || _open.Paths.Count + request.Paths.Count > _options.MaxPathsPerBatch)
            {
                _open = new Batch(Guid.NewGuid().ToString("N"));
                _ = SendLaterAsync(_open);
            }
            batch = _open;
            batch.Paths.UnionWith(request.Paths);
            batch.SurrogateKeys.UnionWith(request.SurrogateKeys);
        }
        return batch.Sent.Task.WaitAsync(TimeSpan.FromMilliseconds(_options.MaxWaitMs), _time, ct);
    }

    private async Task SendLaterAsync(Batch batch)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(_options.BatchWindowMs), _time);
        lock (_gate)
        {
            if (ReferenceEquals(_open, batch))
            {
                _open = null;
            }
        }
        try
        {
            var paths = batch.Paths.Order(StringComparer.Ordinal).ToList();
            var id = await _pipeline.ExecuteAsync(async ct => await _client.CreateInvalidationAsync(paths, batch.CallerReference, ct));
            LogSent(_logger, id, paths.Count, string.Join(' ', batch.SurrogateKeys));
            batch.Sent.TrySetResult();
        }
        catch (Exception e)
        {
            LogFailed(_logger, batch.Paths.Count, e.GetType().Name);
            batch.Sent.TrySetException(e);
        }
    }

    private sealed record Batch(string CallerReference)
    {
        public HashSet<string> Paths { get; } = new(StringComparer.Ordinal);
        public HashSet<string> SurrogateKeys { get; } = new(StringComparer.Ordinal);
        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CloudFront invalidation {InvalidationId} created for {PathCount} paths (surrogate keys {SurrogateKeys})")]
    private static partial void LogSent(ILogger logger, string invalidationId, int pathCount, string surrogateKeys);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CloudFront invalidation of {PathCount} paths failed: {ErrorType}")]
    private static partial void LogFailed(ILogger logger, int pathCount, string errorType);
}
