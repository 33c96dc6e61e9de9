namespace Serverless.Aws.Jobs;

/// <summary>The two priority queues. On AWS the URLs come from the stack; locally, names are created on first use.</summary>
public sealed class QueueOptions
{
    public const string Section = "Queues";

    /// <summary>An SQS-compatible endpoint (fauxqs locally, from <c>SL_SQS_URL</c>); empty on AWS.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The high-priority queue: a URL, or a name to look up (and create when <see cref="Provision"/>).</summary>
    public string High { get; set; } = "serverless-jobs-high";

    /// <summary>The low-priority (bulk) queue: a URL or a name.</summary>
    public string Low { get; set; } = "serverless-jobs-low";

    /// <summary>Create missing queues and their dead-letter queues; always on with an emulator (the stack does it on AWS).</summary>
    public bool Provision { get; set; }

    /// <summary>Receives before SQS moves a message to the dead-letter queue (only used when provisioning).</summary>
    public int MaxReceiveCount { get; set; } = 5;

    /// <summary>How long a received message stays hidden while a worker handles it (only used when provisioning).</summary>
    public int VisibilityTimeoutSeconds { get; set; } = 60;

    /// <summary>The dead-letter queue's name is the queue's name plus this.</summary>
    public string DeadLetterSuffix { get; set; } = "-dlq";
}
