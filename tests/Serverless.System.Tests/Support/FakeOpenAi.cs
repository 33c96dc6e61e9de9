using System.Collections.Concurrent;
using System.Text.Json;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Serverless.SystemTests.Support;

/// <summary>
/// An OpenAI-compatible chat completions server over real HTTP (WireMock), scripted per test. Calls are
/// counted when they arrive (WireMock's own log records a request only once it was answered), so a test
/// can tell a call is in flight.
/// </summary>
public sealed class FakeOpenAi : IDisposable
{
    public const string Model = "fake-model-1";

    public const string ValidDraft = """{"title":"A drafted title","body":"A drafted body, long enough to read.","confidence":0.9}""";

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly ConcurrentQueue<string> _bodies = new();
    private Func<int, ModelReply> _script = _ => ModelReply.Ok();
    private int _calls;
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _peak = new(StringComparer.Ordinal);
    private Func<string, string> _classify = _ => "";

    public FakeOpenAi()
    {
        _server.Given(Request.Create().WithPath("/v1/chat/completions").UsingPost())
            .RespondWith(Response.Create().WithCallback(RespondAsync));
    }

    public string BaseUrl => $"{_server.Url}/v1";

    /// <summary>Chat completion requests received so far (answered or not).</summary>
    public int Calls => Volatile.Read(ref _calls);

    public IEnumerable<string> RequestBodies => _bodies;

    public static string Completion(string content, bool withUsage = true) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["model"] = Model,
        ["choices"] = new[]
        {
            new Dictionary<string, object?>
            {
                ["index"] = 0,
                ["message"] = new Dictionary<string, object?> { ["role"] = "assistant", ["content"] = content },
                ["finish_reason"] = "stop",
            },
        },
        ["usage"] = withUsage ? new Dictionary<string, object?> { ["prompt_tokens"] = 120, ["completion_tokens"] = 30, ["total_tokens"] = 150 } : null,
    });

    /// <summary>Every call answers <paramref name="content"/> (after <paramref name="delay"/>).</summary>
    public FakeOpenAi Answers(string content = ValidDraft, TimeSpan? delay = null, bool withUsage = true)
    {
        var reply = ModelReply.Ok(content, withUsage, delay);
        _script = _ => reply;
        return this;
    }

    /// <summary>Every call fails with <paramref name="status"/>.</summary>
    public FakeOpenAi Fails(int status = 500)
    {
        var reply = ModelReply.Error(status);
        _script = _ => reply;
        return this;
    }

    /// <summary>The next calls get the given replies in order; the last one repeats.</summary>
    public FakeOpenAi AnswersInTurn(params ModelReply[] replies)
    {
        var start = Calls;
        _script = n => replies[Math.Min(n - start, replies.Length - 1)];
        return this;
    }

    /// <summary>Counts calls in flight by the class <paramref name="classify"/> gives a request body (e.g. whose content it drafts).</summary>
    public FakeOpenAi CountsInFlightBy(Func<string, string> classify)
    {
        _classify = classify;
        return this;
    }

    /// <summary>The most calls of one class that were in flight at once.</summary>
    public int PeakInFlight(string @class) => _peak.GetValueOrDefault(@class);

    public void Dispose() => _server.Stop();

    private async Task<IResponseMessage> RespondAsync(IRequestMessage request)
    {
        var n = Interlocked.Increment(ref _calls) - 1;
        _bodies.Enqueue(request.Body ?? "");
        var reply = _script(n);
        var @class = _classify(request.Body ?? "");
        var now = _inFlight.AddOrUpdate(@class, 1, (_, v) => v + 1);
        _peak.AddOrUpdate(@class, now, (_, v) => Math.Max(v, now));
        try
        {
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay);
            }
        }
        finally
        {
            _inFlight.AddOrUpdate(@class, 0, (_, v) => v - 1);
        }
        var headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") };
        if (reply.RetryAfterSeconds is { } retryAfter)
        {
            headers["Retry-After"] = new(retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return new ResponseMessage
        {
            StatusCode = reply.Status,
            Headers = headers,
            BodyData = new BodyData { BodyAsString = reply.Body, DetectedBodyType = BodyType.String },
        };
    }
}
