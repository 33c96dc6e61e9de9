using System.Text.Json;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Jobs;
using Serverless.Lambda.Runtime;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Jobs;

/// <summary>On Lambda the same message handler runs behind the adapter's SQS handler: a batch in, the failed ids out.</summary>
public sealed class LambdaBatchTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task LambdaSqsEvent_RunsTheGoodMessages_AndReportsOnlyThePoisonOneAsFailed()
    {
        fx.Model.Answers();
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        await PipelineFixture.JobReachesAsync(client, jobId, "queued");
        var queue = await fx.QueueAsync(JobPriority.High);
        await fx.Sqs.SendMessageAsync(queue.Url, "poison");
        var received = await ReceiveAsync(queue.Url, 2);
        var poison = received.Single(m => m.Body == "poison");
        // As the runtime would, with the worker built for Lambda: no pollers, no relay.
        using var worker = fx.BuildWorker(new() { ["Lambda:RuntimeApi"] = "127.0.0.1:9" });
        var handler = worker.Services.GetRequiredService<ILambdaHandler>();

        var response = await handler.HandleAsync(
            new LambdaInvocation(new LambdaInvocationContext("req-1", DateTimeOffset.UtcNow.AddMinutes(2), null, null), SqsEvent(received)),
            CancellationToken.None);

        using var body = JsonDocument.Parse(response);
        var failed = body.RootElement.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()).ToList();
        Assert.Equal([poison.MessageId], failed);
        Assert.Equal("succeeded", (await PipelineFixture.JobAsync(client, jobId)).GetProperty("status").GetString());
        PipelineFixture.AssertUsable(Assert.Single(await PipelineFixture.DraftsAsync(client, contentId)));
    }

    private async Task<List<Message>> ReceiveAsync(string url, int count)
    {
        var messages = new List<Message>();
        while (messages.Count < count)
        {
            var batch = await fx.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 2, MessageSystemAttributeNames = ["All"],
            });
            messages.AddRange(batch.Messages ?? []);
        }
        return messages;
    }

    private static byte[] SqsEvent(List<Message> messages) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        Records = messages.Select(m => new Dictionary<string, object?>
        {
            ["messageId"] = m.MessageId,
            ["receiptHandle"] = m.ReceiptHandle,
            ["body"] = m.Body,
            ["attributes"] = m.Attributes,
            ["messageAttributes"] = new Dictionary<string, object>(),
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = "arn:aws:sqs:us-east-1:000000000000:jobs-high",
            ["awsRegion"] = "us-east-1",
        }),
    });
}
