namespace Serverless.Aws.Jobs;

/// <summary>A priority queue's URL and the URL of its dead-letter queue.</summary>
public sealed record QueueAddress(string Url, string DeadLetterUrl);
