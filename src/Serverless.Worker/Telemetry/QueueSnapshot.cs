namespace Serverless.Worker.Telemetry;

/// <summary>One sample of the queues (see <see cref="QueueMetrics"/>).</summary>
public sealed record QueueSnapshot(
    IReadOnlyList<SqsQueueSample> Sqs, IReadOnlyList<JobQueueSample> Jobs, IReadOnlyList<ReviewQueueSample> Review)
{
    public static readonly QueueSnapshot Empty = new([], [], []);
}

public sealed record SqsQueueSample(string Priority, double Visible, double InFlight, double DeadLetters);

public sealed record JobQueueSample(string Priority, double Waiting, double OldestAgeSeconds);

public sealed record ReviewQueueSample(string Band, double Size, double OldestAgeSeconds);
