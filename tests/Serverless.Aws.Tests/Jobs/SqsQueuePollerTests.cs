using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.Aws.Jobs;
using Serverless.Core.Jobs;
using Serverless.Lambda.Runtime;
using Serverless.Lambda.Sqs;
using Serverless.Testing;

namespace Serverless.Aws.Tests.Jobs;

/// <summary>The local event-source-mapping stand-in against the SQS emulator.</summary>
public sealed class SqsQueuePollerTests : IDisposable
{
    private readonly AmazonSQSClient _sqs = new(
        new BasicAWSCredentials("test", "test"),
        new AmazonSQSConfig { ServiceURL = LocalServices.Sqs, AuthenticationRegion = "us-east-1" });

    [Fact]
    public async Task StoppingThePoller_MidLongPoll_LeavesNoReceiveBehind_SoTheNextMessageIsNotSpentOnADeadConnection()
    {
        // A long poll that is cancelled on the client still waits at the server; the message that arrives
        // next is handed to nobody and comes back later with a receive counted against maxReceiveCount.
        var url = await NewQueueAsync(visibilitySeconds: 30);
        var handler = new RecordingHandler();
        using var stop = new CancellationTokenSource();
        var running = Poller(url, waitSeconds: 3, handler).RunAsync(stop.Token);
        await WaitUntilLongPollingAsync(url, handler);

        await stop.CancelAsync();
        await running;
        await _sqs.SendMessageAsync(url, "after the stop");

        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = url, WaitTimeSeconds = 2, MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        });
        var message = Assert.Single(received.Messages ?? []);
        Assert.Equal("after the stop", message.Body);
        Assert.Equal("1", message.Attributes["ApproximateReceiveCount"]);
    }

    [Fact]
    public async Task AMessageReceivedWhileStopping_IsHandedBackAtOnce_NotHiddenForItsVisibilityTimeout()
    {
        var url = await NewQueueAsync(visibilitySeconds: 30);
        var handler = new RecordingHandler();
        using var stop = new CancellationTokenSource();
        var running = Poller(url, waitSeconds: 3, handler).RunAsync(stop.Token);
        await WaitUntilLongPollingAsync(url, handler);

        await stop.CancelAsync();
        await _sqs.SendMessageAsync(url, "during the stop");
        await running;

        Assert.DoesNotContain("during the stop", handler.Handled);
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 2 });
        Assert.Equal("during the stop", Assert.Single(received.Messages ?? []).Body);
    }

    [Fact]
    public async Task HandledMessages_AreDeleted_AndFailuresStayForRedelivery()
    {
        var url = await NewQueueAsync(visibilitySeconds: 1);
        var handler = new RecordingHandler(fail: "bad");
        using var stop = new CancellationTokenSource();
        var running = Poller(url, waitSeconds: 1, handler).RunAsync(stop.Token);

        await _sqs.SendMessageAsync(url, "good");
        await _sqs.SendMessageAsync(url, "bad");
        while (handler.Handled.Count(b => b == "bad") < 2)
        {
            await Task.Delay(50);
        }
        await stop.CancelAsync();
        await running;

        Assert.Equal(1, handler.Handled.Count(b => b == "good"));
    }

    private async Task<string> NewQueueAsync(int visibilitySeconds) => (await _sqs.CreateQueueAsync(new CreateQueueRequest
    {
        QueueName = $"poller-{Guid.NewGuid():N}",
        Attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = visibilitySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    })).QueueUrl;

    private SqsQueuePoller Poller(string url, int waitSeconds, RecordingHandler handler)
    {
        var services = new ServiceCollection().AddSingleton<ISqsRecordHandler>(handler).BuildServiceProvider();
        var directory = new QueueDirectory(new Lazy<IAmazonSQS>(() => _sqs), Options.Create(new QueueOptions { High = url, Low = url }));
        return new SqsQueuePoller(
            JobPriority.High, concurrency: 1, batchSize: 10, waitSeconds, TimeSpan.FromSeconds(10),
            _sqs, directory, services.GetRequiredService<IServiceScopeFactory>(), NullLogger.Instance);
    }

    // A probe handled means the queue is resolved and the loop is going round; the next receive follows at
    // once. Arriving a little early only lets the test pass on a broken poller, never fail a correct one.
    private async Task WaitUntilLongPollingAsync(string url, RecordingHandler handler)
    {
        await _sqs.SendMessageAsync(url, "probe");
        while (!handler.Handled.Contains("probe"))
        {
            await Task.Delay(20);
        }
        await Task.Delay(300);
    }

    public void Dispose() => _sqs.Dispose();

    private sealed class RecordingHandler(string? fail = null) : ISqsRecordHandler
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Handled { get; } = new();

        public Task HandleAsync(SqsMessage message, LambdaInvocationContext context, CancellationToken cancellationToken)
        {
            Handled.Enqueue(message.Body ?? "");
            return message.Body == fail ? Task.FromException(new InvalidOperationException("failing on purpose")) : Task.CompletedTask;
        }
    }
}
