using OpenTelemetry.Trace;

namespace Serverless.Aws.Telemetry;

/// <summary>
/// Parent-based ratio sampling, except that a span the ratio drops is still recorded (not exported), so
/// <see cref="KeepErrorsProcessor"/> can keep it if it ends in an error. Costs the recording of dropped
/// spans; buys "errors are always kept" without a collector doing tail sampling.
/// </summary>
public sealed class ErrorKeepingSampler(double ratio) : Sampler
{
    private readonly ParentBasedSampler _inner = new(new TraceIdRatioBasedSampler(ratio));

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var result = _inner.ShouldSample(samplingParameters);
        return result.Decision == SamplingDecision.Drop ? new SamplingResult(SamplingDecision.RecordOnly) : result;
    }
}
