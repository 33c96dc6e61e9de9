using System.Collections.Concurrent;
using System.Text;
using Serverless.Lambda.Metrics;

namespace Serverless.Lambda.Tests.Support;

public sealed class RecordingEmfSink : IEmfSink
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void WriteLine(ReadOnlySpan<byte> utf8Json) => Lines.Enqueue(Encoding.UTF8.GetString(utf8Json));
}
