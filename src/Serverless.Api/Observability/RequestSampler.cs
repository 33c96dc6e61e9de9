using System.Diagnostics;
using OpenTelemetry.Trace;
using Serverless.Aws.Telemetry;

namespace Serverless.Api.Observability;

/// <summary>
/// The API's sampler. A request's server span exists only when <see cref="RequestTracingMiddleware"/> has already
/// decided to trace the request, so it is always recorded. Every other span is sampled as
/// <see cref="ErrorKeepingSampler"/> does, with one addition: a client call (a database statement, a Redis command,
/// an outgoing HTTP request) with no parent is never a trace of its own. Such a call belongs to a request that is
/// not traced, or to background work outside any span of ours; it is recorded only so that it is kept if it fails.
/// </summary>
public sealed class RequestSampler(double ratio) : Sampler
{
    private static readonly SamplingResult Sampled = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult RecordOnly = new(SamplingDecision.RecordOnly);

    private readonly ErrorKeepingSampler _others = new(ratio);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.Name == RequestTracingMiddleware.ActivityName)
        {
            return Sampled;
        }
        if (samplingParameters.ParentContext.TraceId == default && samplingParameters.Kind == ActivityKind.Client)
        {
            return RecordOnly;
        }
        return _others.ShouldSample(samplingParameters);
    }
}
