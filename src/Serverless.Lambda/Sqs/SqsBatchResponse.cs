namespace Serverless.Lambda.Sqs;

/// <summary>
/// The partial batch response (needs <c>ReportBatchItemFailures</c> on the mapping): only the listed
/// messages return to the queue; the rest are deleted.
/// </summary>
public sealed class SqsBatchResponse
{
    public List<SqsBatchItemFailure> BatchItemFailures { get; init; } = [];
}
