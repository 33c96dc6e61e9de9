namespace Serverless.Core.Jobs;

/// <summary>Which queue a job waits in: interactive work never queues behind bulk work.</summary>
public enum JobPriority
{
    High,
    Low,
}
