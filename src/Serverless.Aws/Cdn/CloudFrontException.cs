using System.Net;

namespace Serverless.Aws.Cdn;

/// <summary>CloudFront refused a call; <see cref="Code"/> is its error code (e.g. <c>Throttling</c>).</summary>
public sealed class CloudFrontException(HttpStatusCode status, string code, string message)
    : Exception($"CloudFront answered {(int)status} {code}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    public string Code { get; } = code;

    /// <summary>Worth another try later: throttled, too many invalidations in progress, or a server error.</summary>
    public bool IsTransient =>
        (int)Status >= 500 || Status == HttpStatusCode.TooManyRequests || Code is "Throttling" or "TooManyInvalidationsInProgress" or "ServiceUnavailable";
}
