using Amazon.SQS;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Aws.Jobs;
using Serverless.Aws.Telemetry;
using Serverless.Core.Data;
using Serverless.Core.Jobs;

namespace Serverless.Worker.Telemetry;

/// <summary>
/// Samples the queues every <c>Telemetry:QueueSampleSeconds</c> for <see cref="QueueMetrics"/>: a scrape only
/// reads the last sample, so it never waits on SQS or the database. Outside Lambda only: on AWS the queue
/// depths and ages are CloudWatch's own SQS metrics.
/// </summary>
public sealed partial class QueueStatsSampler(
    IAmazonSQS sqs, QueueDirectory queues, Databases databases, QueueMetrics metrics,
    IOptions<TelemetryOptions> options, ILogger<QueueStatsSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.QueueSampleSeconds));
        do
        {
            try
            {
                metrics.Update(await SampleAsync(stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSampleFailed(logger, e.GetType().Name, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<QueueSnapshot> SampleAsync(CancellationToken ct)
    {
        var sqsSamples = new List<SqsQueueSample>();
        foreach (var priority in new[] { JobPriority.High, JobPriority.Low })
        {
            var address = await queues.ResolveAsync(priority, ct);
            var main = await sqs.GetQueueAttributesAsync(address.Url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], ct);
            var dlq = await sqs.GetQueueAttributesAsync(address.DeadLetterUrl, ["ApproximateNumberOfMessages"], ct);
            sqsSamples.Add(new SqsQueueSample(JobStore.PriorityName(priority),
                main.ApproximateNumberOfMessages, main.ApproximateNumberOfMessagesNotVisible, dlq.ApproximateNumberOfMessages));
        }

        var jobs = new List<JobQueueSample>();
        await using (var command = databases.Primary.CreateCommand("SELECT priority, waiting, oldest_age_seconds FROM job_queue_stats()"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                jobs.Add(new JobQueueSample(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2)));
            }
        }

        var review = new List<ReviewQueueSample>();
        await using (var command = databases.Primary.CreateCommand("SELECT band, size, oldest_age_seconds FROM review_queue_stats()"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                review.Add(new ReviewQueueSample(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2)));
            }
        }
        return new QueueSnapshot(sqsSamples, jobs, review);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue sample failed: {ErrorType}: {Reason}")]
    private static partial void LogSampleFailed(ILogger logger, string errorType, string reason);
}
