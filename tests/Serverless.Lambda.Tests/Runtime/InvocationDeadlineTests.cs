using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Lambda.Runtime;
using Serverless.Lambda.Sqs;
using Serverless.Lambda.Tests.Emulator;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Runtime;

/// <summary>
/// The handler's token fires shortly before Lambda's deadline, leaving time to answer: an SQS batch then
/// reports what it did not finish instead of being killed and redelivered whole.
/// </summary>
public sealed class InvocationDeadlineTests
{
    [Fact]
    public async Task An_SQS_batch_out_of_time_reports_the_unfinished_messages_and_keeps_the_finished_ones()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var handled = new ConcurrentQueue<string>();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(handled)
            .AddScoped<ISqsRecordHandler, WaitingRecordHandler>()
            .AddSingleton<SqsLambdaHandler>()
            .BuildServiceProvider();
        await using var loop = RunningLoop.Start(emulator, services.GetRequiredService<SqsLambdaHandler>());

        var outcome = await emulator.InvokeAsync(Batch(("m-1", "ok"), ("m-2", "wait"), ("m-3", "ok")), TimeSpan.FromSeconds(2))
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.False(outcome.IsError, outcome.BodyText);
        Assert.Equal("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-2\"},{\"itemIdentifier\":\"m-3\"}]}", outcome.BodyText);
        Assert.Equal(["m-1", "m-2"], handled);
    }

    [Theory]
    [InlineData(60_000, 59_500)]
    [InlineData(10_000, 9_500)]
    [InlineData(1_000, 750)]
    [InlineData(100, 75)]
    public void The_time_to_stop_leaves_half_a_second_or_a_quarter_of_a_short_invocation(int remainingMs, int stopAfterMs)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var context = new LambdaInvocationContext("req", time.GetUtcNow().AddMilliseconds(remainingMs), null, null, time);

        Assert.Equal(TimeSpan.FromMilliseconds(stopAfterMs), context.TimeToStop);
        time.Advance(TimeSpan.FromMilliseconds(remainingMs));
        Assert.Equal(TimeSpan.Zero, context.TimeToStop);
    }

    private static string Batch(params (string Id, string Body)[] messages) => new JsonObject
    {
        ["Records"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject
        {
            ["messageId"] = m.Id,
            ["receiptHandle"] = "rh-" + m.Id,
            ["body"] = m.Body,
            ["attributes"] = new JsonObject { ["ApproximateReceiveCount"] = "1" },
            ["messageAttributes"] = new JsonObject(),
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = "arn:aws:sqs:eu-west-1:123456789012:jobs",
        })]),
    }.ToJsonString();

    private sealed class WaitingRecordHandler(ConcurrentQueue<string> handled) : ISqsRecordHandler
    {
        public async Task HandleAsync(SqsMessage message, LambdaInvocationContext context, CancellationToken cancellationToken)
        {
            handled.Enqueue(message.MessageId);
            if (message.Body == "wait")
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }
    }
}
