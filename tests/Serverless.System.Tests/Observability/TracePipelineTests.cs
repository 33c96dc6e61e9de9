using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Observability;

/// <summary>
/// One trace from the HTTP request through the outbox, SQS and the worker to the model call and the
/// database write that stores the draft, exported over OTLP/HTTP by both hosts to a receiver in the test.
/// </summary>
public sealed class TracePipelineTests(TracingPipelineFixture fx) : IClassFixture<TracingPipelineFixture>
{
    private const int Server = 2, Client = 3, Producer = 4, Consumer = 5;

    [Fact]
    public async Task DraftRequest_IsOneTraceFromTheRequestThroughTheQueueToTheModelCallAndTheDraftWrite()
    {
        fx.Model.Answers();
        var (client, contentId, tenantId) = await fx.TenantWithItemAsync();
        await using var worker = await fx.StartWorkerAsync(fx.TracingSettings);

        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");

        // The request's span: the API's server span for the draft route.
        var request = await Eventually.Until(
            () => Task.FromResult(fx.Traces.Spans.FirstOrDefault(s => s.Kind == Server && s.Attribute("url.path") == $"/v1/content/{contentId}/drafts")),
            s => s is not null, "the API's span of the draft request", 30).ContinueWith(t => t.IsFaulted
                ? throw new InvalidOperationException(string.Join("\n", fx.Traces.Spans.Select(s => $"{s.Service} {s.Scope} {s.Name} {s.Kind} {string.Join(",", s.Attributes.Select(a => a.Key + "=" + a.Value))}")))
                : t.Result);
        var trace = request!.TraceId;
        // Everything below arrives within a few export intervals of the job's success. Wait for the worker's own
        // export of each: in this one test process the API's tracer provider sees the worker's sources too and
        // may export its copy of a span (under serverless-api) before the worker's provider does.
        var spans = await Eventually.Until(
            () => Task.FromResult(fx.Traces.Spans.Where(s => s.TraceId == trace).ToList()),
            t => t.Any(s => s.Name.StartsWith("chat", StringComparison.Ordinal) && s.Service == "serverless-worker")
                && t.Any(s => s.Name == "job content.draft" && s.Service == "serverless-worker")
                && WorkerDraftWrite(t) is not null,
            "the worker's spans in the request's trace", 30);

        Assert.Equal("serverless-api", request.Service);
        var publish = Assert.Single(spans, s => s.Name == "outbox publish" && s.Service == "serverless-api");
        Assert.Equal(Producer, publish.Kind);
        Assert.True(IsDescendant(spans, publish, request), "the relay's span belongs to the request");

        var job = spans.First(s => s.Name == "job content.draft" && s.Service == "serverless-worker");
        Assert.Equal(Consumer, job.Kind);
        // The message carried the relay span's context: the worker continues it, it does not start anew.
        Assert.Equal(publish.SpanId, job.ParentSpanId);
        Assert.Equal(jobId.ToString(), job.Attribute("serverless.job.id"));
        Assert.Equal("succeeded", job.Attribute("serverless.job.outcome"));

        var chat = spans.First(s => s.Name.StartsWith("chat", StringComparison.Ordinal) && s.Service == "serverless-worker");
        Assert.Equal(Client, chat.Kind);
        Assert.True(IsDescendant(spans, chat, job), "the model call belongs to the job");
        Assert.Equal("chat", chat.Attribute("gen_ai.operation.name"));
        Assert.Equal("fake", chat.Attribute("gen_ai.provider.name"));
        Assert.Equal(FakeOpenAi.Model, chat.Attribute("gen_ai.response.model"));
        Assert.Equal("120", chat.Attribute("gen_ai.usage.input_tokens"));
        Assert.Equal("30", chat.Attribute("gen_ai.usage.output_tokens"));
        Assert.Equal("false", chat.Attribute("serverless.llm.cache_hit"));
        Assert.Equal("within", chat.Attribute("serverless.llm.budget_outcome"));
        Assert.Equal(tenantId.ToString(), chat.Attribute("serverless.tenant.id"));
        // The provider's HTTP call is the model call's child.
        Assert.Contains(spans, s => s.Kind == Client && s.Attribute("http.request.method") == "POST" && IsDescendant(spans, s, chat));

        var write = WorkerDraftWrite(spans)!;
        Assert.True(IsDescendant(spans, write, job), "the draft's write belongs to the job");
    }

    /// <summary>The worker's database span that stores the draft.</summary>
    private static ReceivedSpan? WorkerDraftWrite(List<ReceivedSpan> spans) => spans.FirstOrDefault(s =>
        s.Service == "serverless-worker" && s.Scope == "Npgsql"
        && s.Attributes.Values.Any(v => v.Contains("INSERT INTO drafts", StringComparison.OrdinalIgnoreCase)));

    private static bool IsDescendant(List<ReceivedSpan> spans, ReceivedSpan span, ReceivedSpan ancestor)
    {
        var current = span;
        for (var depth = 0; depth < 64 && current is not null; depth++)
        {
            if (current.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }
            current = spans.FirstOrDefault(s => s.SpanId == current.ParentSpanId);
        }
        return false;
    }
}
