using Microsoft.Extensions.Options;
using Serverless.Aws.Jobs;
using Serverless.Aws.Permissions;

namespace Serverless.Worker.Jobs;

/// <summary>A failed job is retried later by changing its message's visibility (IJobQueue.DelayRedeliveryAsync).</summary>
public sealed class JobConsumerNeeds(IOptions<QueueOptions> options) : IAwsNeeds
{
    public IEnumerable<AwsNeed> Needs(AwsScope scope)
    {
        var settings = options.Value;
        if (!string.IsNullOrEmpty(settings.ServiceUrl))
        {
            return [];
        }
        return new[] { settings.High, settings.Low }
            .Select(q => AwsNeed.Call(nameof(JobMessageHandler), "sqs:ChangeMessageVisibility", SqsJobQueueNeeds.ArnOf(q, scope)));
    }
}
