using Amazon.SQS.Model;
using Serverless.Lambda.Sqs;

namespace Serverless.Aws.Jobs;

/// <summary>Turns a received SQS message into the shape Lambda's event source mapping delivers, so one handler serves both.</summary>
public static class SqsMessageMapper
{
    public static SqsMessage ToLambda(Message message, string? region)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new SqsMessage
        {
            MessageId = message.MessageId,
            ReceiptHandle = message.ReceiptHandle,
            Body = message.Body,
            Md5OfBody = message.MD5OfBody,
            Attributes = message.Attributes is { } attributes ? new Dictionary<string, string>(attributes) : [],
            MessageAttributes = (message.MessageAttributes ?? []).ToDictionary(
                a => a.Key,
                a => new SqsMessageAttribute { DataType = a.Value.DataType, StringValue = a.Value.StringValue }),
            EventSource = "aws:sqs",
            AwsRegion = region,
        };
    }
}
