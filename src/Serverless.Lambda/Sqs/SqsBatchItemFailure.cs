namespace Serverless.Lambda.Sqs;

public sealed record SqsBatchItemFailure(string ItemIdentifier);
