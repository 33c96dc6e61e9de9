namespace Serverless.Lambda.Metrics;

/// <summary>Writes each EMF document as one line on stdout, which Lambda ships to CloudWatch Logs.</summary>
public sealed class StdoutEmfSink : IEmfSink, IDisposable
{
    private readonly Stream _stdout = Console.OpenStandardOutput();
    private readonly Lock _gate = new();

    public void WriteLine(ReadOnlySpan<byte> utf8Json)
    {
        lock (_gate)
        {
            _stdout.Write(utf8Json);
            _stdout.WriteByte((byte)'\n');
            _stdout.Flush();
        }
    }

    public void Dispose() => _stdout.Dispose();
}
