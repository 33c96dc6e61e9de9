namespace Serverless.Lambda.Sqs;

/// <summary>
/// Every message of a batch failed. Failing the invocation (rather than listing every id) lets the event
/// source mapping back off, instead of hammering a broken dependency at full speed.
/// </summary>
public sealed class SqsBatchFailedException : Exception
{
    public SqsBatchFailedException()
    {
    }

    public SqsBatchFailedException(string message)
        : base(message)
    {
    }

    public SqsBatchFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
