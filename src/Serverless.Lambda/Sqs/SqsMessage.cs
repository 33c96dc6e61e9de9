using System.Text.Json.Serialization;

namespace Serverless.Lambda.Sqs;

/// <summary>One SQS message of an event.</summary>
public sealed class SqsMessage
{
    public string MessageId { get; init; } = string.Empty;

    public string? ReceiptHandle { get; init; }

    public string? Body { get; init; }

    /// <summary>System attributes: ApproximateReceiveCount, SentTimestamp, MessageGroupId (FIFO), ...</summary>
    public Dictionary<string, string> Attributes { get; init; } = [];

    public Dictionary<string, SqsMessageAttribute> MessageAttributes { get; init; } = [];

    public string? Md5OfBody { get; init; }

    public string? EventSource { get; init; }

    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; init; }

    public string? AwsRegion { get; init; }

    /// <summary>The message group: a FIFO queue's ordering group, or a fair standard queue's tenant; null without one.</summary>
    [JsonIgnore]
    public string? MessageGroupId => Attributes.TryGetValue("MessageGroupId", out var group) ? group : null;

    /// <summary>The message attribute that carries the sender's W3C trace context.</summary>
    public const string TraceParentAttribute = "traceparent";

    public const string TraceStateAttribute = "tracestate";

    /// <summary>The sender's W3C <c>traceparent</c>, when it sent one.</summary>
    [JsonIgnore]
    public string? TraceParent => MessageAttributes.TryGetValue(TraceParentAttribute, out var value) ? value.StringValue : null;

    [JsonIgnore]
    public string? TraceState => MessageAttributes.TryGetValue(TraceStateAttribute, out var value) ? value.StringValue : null;

    /// <summary>Whether the message came from a FIFO queue (its ARN ends in <c>.fifo</c>), where order within a group holds.</summary>
    [JsonIgnore]
    public bool IsFromFifoQueue => EventSourceArn?.EndsWith(".fifo", StringComparison.Ordinal) == true;

    [JsonIgnore]
    public int ApproximateReceiveCount =>
        Attributes.TryGetValue("ApproximateReceiveCount", out var count) && int.TryParse(count, out var value) ? value : 0;
}
