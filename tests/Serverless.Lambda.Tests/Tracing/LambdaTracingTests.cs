using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Lambda.Runtime;
using Serverless.Lambda.Sqs;
using Serverless.Lambda.Tracing;

namespace Serverless.Lambda.Tests.Tracing;

/// <summary>The adapter's spans: an invocation continues X-Ray's trace; a batch links every trace its messages carry.</summary>
public sealed class LambdaTracingTests : IDisposable
{
    private const string XRay = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public LambdaTracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == LambdaTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public void XRayHeader_BecomesTheW3CParent()
    {
        var parent = LambdaTracing.FromXRay(XRay);

        Assert.NotNull(parent);
        Assert.Equal("5759e988bd862e3fe1be46a994272793", parent.Value.TraceId.ToHexString());
        Assert.Equal("53995c3f42cd8ad8", parent.Value.SpanId.ToHexString());
        Assert.Equal(ActivityTraceFlags.Recorded, parent.Value.TraceFlags);
        Assert.True(parent.Value.IsRemote);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")]
    [InlineData("Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279z;Parent=53995c3f42cd8ad8")]
    [InlineData("Parent=53995c3f42cd8ad8")]
    public void XRayHeader_WithoutARootAndAParent_IsNoParent(string? header) =>
        Assert.Null(LambdaTracing.FromXRay(header));

    [Fact]
    public void Invocation_IsASpanInTheTraceLambdaStarted()
    {
        var context = new LambdaInvocationContext("req-1", DateTimeOffset.UtcNow.AddMinutes(1), "arn:aws:lambda:eu-west-1:1:function:f", XRay);

        using (var span = LambdaTracing.StartInvocation(context))
        {
            Assert.NotNull(span);
        }

        var invocation = Assert.Single(_stopped, a => a.TraceId.ToHexString() == "5759e988bd862e3fe1be46a994272793");
        Assert.Equal("53995c3f42cd8ad8", invocation.ParentSpanId.ToHexString());
        Assert.Equal(ActivityKind.Server, invocation.Kind);
        Assert.Equal("req-1", invocation.GetTagItem("faas.invocation_id"));
    }

    [Fact]
    public async Task Batch_LinksEveryTraceItsMessagesCarry()
    {
        var a = ActivityTraceId.CreateRandom();
        var b = ActivityTraceId.CreateRandom();
        SqsMessage Message(string id, ActivityTraceId? trace) => new()
        {
            MessageId = id,
            Body = "{}",
            MessageAttributes = trace is { } t
                ? new() { [SqsMessage.TraceParentAttribute] = new SqsMessageAttribute { DataType = "String", StringValue = $"00-{t.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01" } }
                : [],
        };
        var batch = new SqsEvent { Records = [Message("m1", a), Message("m2", b), Message("m3", null)] };
        var seen = new ConcurrentQueue<ActivityTraceId?>();
        var processor = new SqsBatchProcessor((_, _, _) => { seen.Enqueue(Activity.Current?.TraceId); return Task.CompletedTask; }, NullLogger.Instance);

        await processor.ProcessAsync(batch, new LambdaInvocationContext("req", DateTimeOffset.UtcNow.AddMinutes(1), null, null), CancellationToken.None);

        var span = Assert.Single(_stopped, s => s.OperationName == "sqs process" && s.Links.Any(l => l.Context.TraceId == a));
        Assert.Equal(new[] { a.ToHexString(), b.ToHexString() }.Order(), span.Links.Select(l => l.Context.TraceId.ToHexString()).Order());
        Assert.Equal(ActivityKind.Consumer, span.Kind);
        // Each message is handled inside the batch span (the worker's job span then continues the message's own trace).
        Assert.All(seen, t => Assert.Equal(span.TraceId, t));
    }

    public void Dispose() => _listener.Dispose();
}
