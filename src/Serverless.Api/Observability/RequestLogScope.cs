using System.Collections;

namespace Serverless.Api.Observability;

/// <summary>
/// The request's log scope: <c>RequestId</c> and <c>RequestPath</c>, what the hosting's own scope carried before it
/// was turned off (issue 17: <c>Microsoft.AspNetCore.Hosting.Diagnostics</c> is <c>None</c>, so hosting makes no
/// per-request scope). One object per request, the values read only when a line is written. <c>TraceId</c> and
/// <c>SpanId</c> come from the logger factory's activity tracking, on a line written while the request has an
/// <see cref="System.Diagnostics.Activity"/> (a traced request).
/// </summary>
internal sealed class RequestLogScope(string requestId, PathString path) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("RequestId", requestId),
        1 => new("RequestPath", path.Value ?? "/"),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"RequestId:{requestId} RequestPath:{path.Value}";
}
