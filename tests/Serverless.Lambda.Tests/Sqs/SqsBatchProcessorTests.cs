using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Lambda.Runtime;
using Serverless.Lambda.Sqs;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Sqs;

public sealed class SqsBatchProcessorTests
{
    private static readonly LambdaInvocationContext Context = new("req", DateTimeOffset.UtcNow.AddMinutes(1), null, null);

    private static SqsEvent Load(string file) =>
        JsonSerializer.Deserialize(RepositoryPaths.ReadEvent(file), SqsJsonContext.Default.SqsEvent)!;

    private static SqsEvent Rewrite(SqsEvent batch, Func<SqsMessage, string> body) => new()
    {
        Records = [.. batch.Records.Select(m => new SqsMessage
        {
            MessageId = m.MessageId,
            Body = body(m),
            Attributes = m.Attributes,
            EventSourceArn = m.EventSourceArn,
        })],
    };

    [Fact]
    public void Sample_events_deserialize_with_their_attributes()
    {
        var batch = Load("sqs-fifo-two-groups.json");

        var first = batch.Records[0];
        Assert.Equal(6, batch.Records.Count);
        Assert.Equal("a-0001", first.MessageId);
        Assert.Equal("group-a", first.MessageGroupId);
        Assert.Equal(1, first.ApproximateReceiveCount);
        Assert.Equal("tenant-a", first.MessageAttributes["tenant"].StringValue);
        Assert.EndsWith(".fifo", first.EventSourceArn, StringComparison.Ordinal);
        Assert.Null(Load("sqs-standard-batch.json").Records[0].MessageGroupId);
    }

    [Fact]
    public async Task Standard_queue_reports_only_the_failed_messages_and_processes_all()
    {
        var handled = new ConcurrentQueue<string>();
        var processor = new SqsBatchProcessor(new RecordingRecordHandler(handled), NullLogger.Instance);

        var response = await processor.ProcessAsync(Load("sqs-standard-batch.json"), Context, CancellationToken.None);

        Assert.Equal(["m-0002", "m-0004"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(["m-0001", "m-0002", "m-0003", "m-0004"], handled);
    }

    [Fact]
    public async Task Fifo_queue_reports_the_rest_of_a_failed_group_unprocessed_and_keeps_processing_other_groups()
    {
        var handled = new ConcurrentQueue<string>();
        var processor = new SqsBatchProcessor(new RecordingRecordHandler(handled), NullLogger.Instance);

        var response = await processor.ProcessAsync(Load("sqs-fifo-two-groups.json"), Context, CancellationToken.None);

        Assert.Equal(["a-0002", "a-0003"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(["a-0001", "b-0001", "a-0002", "b-0002", "b-0003"], handled);
    }

    [Fact]
    public async Task Fair_standard_queue_groups_are_tenants_not_orders_so_a_failure_never_holds_back_the_rest_of_its_group()
    {
        // SQS fair queues put a MessageGroupId (here, the tenant) on standard-queue messages; order within a
        // group is not promised there, so one failed job must not turn its tenant's other jobs into failures.
        var handled = new ConcurrentQueue<string>();
        var processor = new SqsBatchProcessor(new RecordingRecordHandler(handled), NullLogger.Instance);
        var fifo = Load("sqs-fifo-two-groups.json");
        var standard = new SqsEvent
        {
            Records = [.. fifo.Records.Select(m => new SqsMessage
            {
                MessageId = m.MessageId,
                Body = m.Body,
                Attributes = m.Attributes,
                EventSourceArn = m.EventSourceArn!.Replace(".fifo", "", StringComparison.Ordinal),
            })],
        };

        var response = await processor.ProcessAsync(standard, Context, CancellationToken.None);

        Assert.Equal(["a-0002"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(["a-0001", "b-0001", "a-0002", "b-0002", "a-0003", "b-0003"], handled);
    }

    [Fact]
    public async Task Every_message_failing_fails_the_invocation()
    {
        var processor = new SqsBatchProcessor(new RecordingRecordHandler(new()), NullLogger.Instance);
        var batch = Rewrite(Load("sqs-standard-batch.json"), _ => "{\"job\":\"fail\"}");

        await Assert.ThrowsAsync<SqsBatchFailedException>(() => processor.ProcessAsync(batch, Context, CancellationToken.None));
    }

    [Fact]
    public async Task Fifo_batch_whose_groups_all_fail_fails_the_invocation()
    {
        var processor = new SqsBatchProcessor(new RecordingRecordHandler(new()), NullLogger.Instance);
        var batch = Rewrite(Load("sqs-fifo-two-groups.json"), m => m.MessageId.EndsWith("0001", StringComparison.Ordinal) ? "{\"job\":\"fail\"}" : "{\"job\":\"ok\"}");

        await Assert.ThrowsAsync<SqsBatchFailedException>(() => processor.ProcessAsync(batch, Context, CancellationToken.None));
    }

    [Fact]
    public async Task Empty_batch_has_no_failures()
    {
        var processor = new SqsBatchProcessor(new RecordingRecordHandler(new()), NullLogger.Instance);

        var response = await processor.ProcessAsync(new SqsEvent(), Context, CancellationToken.None);

        Assert.Empty(response.BatchItemFailures);
    }

    [Fact]
    public async Task Out_of_time_hands_the_unprocessed_messages_back_to_the_queue()
    {
        var handled = new ConcurrentQueue<string>();
        var processor = new SqsBatchProcessor(new RecordingRecordHandler(handled), NullLogger.Instance);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var batch = Rewrite(Load("sqs-standard-batch.json"), _ => "{\"job\":\"ok\"}");

        await Assert.ThrowsAsync<SqsBatchFailedException>(() => processor.ProcessAsync(batch, Context, cancelled.Token));
        Assert.Empty(handled);
    }
}
