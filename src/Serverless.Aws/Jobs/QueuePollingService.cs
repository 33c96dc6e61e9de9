using Amazon.SQS;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Jobs;

namespace Serverless.Aws.Jobs;

/// <summary>
/// Outside Lambda: one poller per priority, each with its own concurrency limit, so a backlog of bulk
/// jobs can occupy at most the low queue's slots and interactive jobs always have theirs.
/// </summary>
public sealed class QueuePollingService(
    IAmazonSQS sqs, QueueDirectory queues, IServiceScopeFactory scopes, IOptions<SqsPollingOptions> options, ILoggerFactory loggers) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var logger = loggers.CreateLogger<QueuePollingService>();
        SqsQueuePoller Poller(JobPriority priority, int concurrency) => new(
            priority, concurrency, settings.BatchSize, settings.WaitSeconds, TimeSpan.FromSeconds(settings.InProgressSeconds),
            sqs, queues, scopes, logger);
        return Task.WhenAll(
            Poller(JobPriority.High, settings.HighConcurrency).RunAsync(stoppingToken),
            Poller(JobPriority.Low, settings.LowConcurrency).RunAsync(stoppingToken));
    }
}
