using Microsoft.Extensions.Options;
using Serverless.Aws.Permissions;

namespace Serverless.Aws.Jobs;

/// <summary>A failed job is retried later by changing its message's visibility (IJobQueue.DelayRedeliveryAsync).</summary>
public sealed class JobConsumerNeeds(IOptions<QueueOptions> options) : IAwsNeeds
{
    /// <summary>The worker's message handler, which makes the call.</summary>
    private const string Component = "JobMessageHandler";

    public IEnumerable<AwsNeed> Needs(AwsScope scope)
    {
        var settings = options.Value;
        if (!string.IsNullOrEmpty(settings.ServiceUrl))
        {
            return [];
        }
        return new[] { settings.High, settings.Low }
            .Select(q => AwsNeed.Call(Component, "sqs:ChangeMessageVisibility", SqsJobQueueNeeds.ArnOf(q, scope)));
    }
}
