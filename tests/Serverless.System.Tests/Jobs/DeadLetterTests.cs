extern alias cli;

using System.CommandLine;
using Serverless.Core.Jobs;
using Serverless.SystemTests.Support;
using cli::Serverless.Cli.Commands;

namespace Serverless.SystemTests.Jobs;

/// <summary>Poison messages end in the dead-letter queue after maxReceiveCount; the operator CLI inspects, moves back or purges.</summary>
public sealed class DeadLetterTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    // Once order-dependent: the poison test's worker, stopped mid long poll, left its receive waiting at the
    // emulator, which handed this test's message to the dead connection (one receive spent, no attempt).
    // The poller now finishes its poll when stopping (SqsQueuePollerTests pins it).
    [Fact]
    public async Task JobThatKeepsFailing_GoesToTheDlqAfterMaxReceiveCount_AndTheRedriveCommandBringsItBack()
    {
        fx.Model.Fails(500);
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        // No circuit breaker in the way here: every delivery reaches the failing model. A roomy in-progress
        // window: on a loaded machine a failing attempt must end by failing, not by its invocation deadline
        // (a deadline leaves the claim to lapse, and that delivery counts toward the DLQ without an attempt).
        await using var worker = await fx.StartWorkerAsync(new() { ["Llm:BreakerMinimumThroughput"] = "1000", ["Worker:InProgressSeconds"] = "20" });
        var queue = await fx.QueueAsync(JobPriority.High);

        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        var failed = await PipelineFixture.JobReachesAsync(client, jobId, "failed");
        await Eventually.Until(() => fx.MessagesInAsync(queue.DeadLetterUrl), n => n == 1, "the message to reach the DLQ");

        Assert.Equal(3, failed.GetProperty("attempts").GetInt32());
        Assert.Contains("500", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Empty(await PipelineFixture.DraftsAsync(client, contentId));

        // The cause is fixed; the operator looks, then moves the message back.
        fx.Model.Answers();
        Assert.Equal(0, await CliAsync("queue", "dlq", "inspect", "--priority", "high"));
        Assert.Equal(0, await CliAsync("queue", "dlq", "redrive", "--priority", "high"));

        var done = await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");
        Assert.Equal(4, done.GetProperty("attempts").GetInt32());
        Assert.Single(await PipelineFixture.DraftsAsync(client, contentId));
        Assert.Equal(0, await fx.MessagesInAsync(queue.DeadLetterUrl));
    }

    [Fact]
    public async Task UnreadableMessage_IsPoison_EndsInTheDlq_AndPurgeEmptiesIt()
    {
        await using var worker = await fx.StartWorkerAsync();
        var queue = await fx.QueueAsync(JobPriority.High);

        await fx.Sqs.SendMessageAsync(queue.Url, "this is not a job envelope");
        await Eventually.Until(() => fx.MessagesInAsync(queue.DeadLetterUrl), n => n >= 1, "the poison message to reach the DLQ");

        Assert.Equal(1, await CliAsync("queue", "dlq", "purge", "--priority", "high"));
        Assert.Equal(0, await CliAsync("queue", "dlq", "purge", "--priority", "high", "--yes"));
        await Eventually.Until(() => fx.MessagesInAsync(queue.DeadLetterUrl), n => n == 0, "the DLQ to be empty");
    }

    private Task<int> CliAsync(params string[] args) =>
        new RootCommand { QueueCommands.Create(fx.CliConfiguration) }.Parse(args).InvokeAsync();
}
