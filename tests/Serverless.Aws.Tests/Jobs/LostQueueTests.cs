using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Microsoft.Extensions.Options;
using Serverless.Aws.Jobs;
using Serverless.Core.Jobs;
using Serverless.Testing;

namespace Serverless.Aws.Tests.Jobs;

/// <summary>
/// The queue disappears under a running sender (deleted, or the broker restarted empty, as when the SQS
/// emulator restarts): the next send re-creates it and succeeds, with no restart of the process.
/// </summary>
public sealed class LostQueueTests : IDisposable
{
    private readonly AmazonSQSClient _sqs = new(new BasicAWSCredentials("test", "test"),
        new AmazonSQSConfig { ServiceURL = LocalServices.Sqs, AuthenticationRegion = "us-east-1" });

    private readonly string _name = $"lost-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task Send_AfterTheQueueWasDeleted_ReCreatesItAndDelivers()
    {
        var queues = new QueueDirectory(new Lazy<IAmazonSQS>(_sqs), Options.Create(new QueueOptions { High = _name, Low = _name + "-low", Provision = true }));
        var sender = new SqsJobQueue(new Lazy<IAmazonSQS>(_sqs), queues);
        await sender.SendAsync([Job()], default);
        var before = await queues.ResolveAsync(JobPriority.High, default);

        await _sqs.DeleteQueueAsync(before.Url);
        await _sqs.DeleteQueueAsync(before.DeadLetterUrl);
        var job = Job();
        await sender.SendAsync([job], default);

        var url = (await _sqs.GetQueueUrlAsync(_name)).QueueUrl;
        var received = await _sqs.ReceiveMessageAsync(new Amazon.SQS.Model.ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 });
        Assert.Contains(received.Messages ?? [], m => m.Body.Contains(job.JobId.ToString(), StringComparison.Ordinal));
    }

    public void Dispose() => _sqs.Dispose();

    private static JobEnvelope Job() =>
        new(Guid.NewGuid(), Guid.NewGuid(), "test.job", 1, JobPriority.High, JsonDocument.Parse("{}").RootElement.Clone(), DateTimeOffset.UtcNow);
}
