namespace Serverless.Lambda.Sqs;

/// <summary>A user message attribute; binary values arrive base64-encoded.</summary>
public sealed class SqsMessageAttribute
{
    public string? StringValue { get; init; }

    public string? BinaryValue { get; init; }

    public List<string>? StringListValues { get; init; }

    public List<string>? BinaryListValues { get; init; }

    public string? DataType { get; init; }
}
