using Serverless.Lambda.Runtime;

namespace Serverless.Api.Authorizer;

/// <summary>
/// API Gateway answers 401 when a Lambda authorizer fails with exactly the message <c>Unauthorized</c>;
/// any other failure becomes a 500. This is that failure.
/// </summary>
public sealed class AuthorizerRefusal : LambdaFunctionException
{
    public const string Message401 = "Unauthorized";

    public AuthorizerRefusal()
        : base(Message401, Message401)
    {
    }

    public AuthorizerRefusal(string message)
        : base(Message401, Message401)
    {
        Reason = message;
    }

    public AuthorizerRefusal(string message, Exception innerException)
        : base(Message401, innerException)
    {
        Reason = message;
    }

    /// <summary>Why, for the log; never sent to the caller.</summary>
    public string? Reason { get; }
}
