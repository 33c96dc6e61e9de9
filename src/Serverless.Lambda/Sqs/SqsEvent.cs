using System.Text.Json.Serialization;

namespace Serverless.Lambda.Sqs;

/// <summary>The event Lambda's SQS event source mapping delivers: a batch of messages.</summary>
public sealed class SqsEvent
{
    [JsonPropertyName("Records")]
    public List<SqsMessage> Records { get; init; } = [];
}
