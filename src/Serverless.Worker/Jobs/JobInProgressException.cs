namespace Serverless.Worker.Jobs;

/// <summary>Another delivery of the same job holds its claim; this one returns to the queue.</summary>
public sealed class JobInProgressException : Exception
{
    public JobInProgressException()
    {
    }

    public JobInProgressException(string message)
        : base(message)
    {
    }

    public JobInProgressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
