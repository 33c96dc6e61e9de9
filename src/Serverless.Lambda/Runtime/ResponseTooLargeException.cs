namespace Serverless.Lambda.Runtime;

/// <summary>The Runtime API refused a response with 413: it is above Lambda's payload limit.</summary>
public sealed class ResponseTooLargeException : Exception
{
    public ResponseTooLargeException()
    {
    }

    public ResponseTooLargeException(string message)
        : base(message)
    {
    }

    public ResponseTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
