namespace Serverless.Lambda.Metrics;

/// <summary>Where EMF lines go: stdout on Lambda (CloudWatch Logs extracts the metrics), a list in tests.</summary>
public interface IEmfSink
{
    void WriteLine(ReadOnlySpan<byte> utf8Json);
}
