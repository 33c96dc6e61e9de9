namespace Serverless.Aws.Jobs;

public sealed record DeadLetterMessage(string MessageId, int ReceiveCount, string Body);
