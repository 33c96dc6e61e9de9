using System.Net;

namespace Serverless.Aws.Gateway;

/// <summary>API Gateway refused a management call; <see cref="Type"/> is its error type (e.g. <c>ConflictException</c>).</summary>
public sealed class ApiGatewayException(HttpStatusCode status, string type, string message)
    : Exception($"API Gateway answered {(int)status} {type}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    public string Type { get; } = type;
}
