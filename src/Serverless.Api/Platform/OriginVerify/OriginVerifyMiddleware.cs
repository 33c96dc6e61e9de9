using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;

namespace Serverless.Api.Platform.OriginVerify;

/// <summary>
/// With a secret configured, a request without the matching header gets 403 before anything else runs,
/// except <c>GET /health/live</c> (the platform's own liveness probe does not come through CloudFront).
/// </summary>
public sealed class OriginVerifyMiddleware(RequestDelegate next, IOptions<OriginVerifyOptions> options)
{
    private readonly OriginVerifyOptions _options = options.Value;
    private readonly byte[]? _secret = Hash(options.Value.Secret);
    private readonly byte[]? _previous = Hash(options.Value.PreviousSecret);

    // Not async: a request it lets through costs the checks and the call to next, no state machine (issue 17).
    public Task InvokeAsync(HttpContext http)
    {
        if (!_options.IsEnabled)
        {
            return next(http);
        }
        if (Matches(http.Request.Headers[_options.Header].ToString()))
        {
            http.Features.Set(OriginVerified.Instance);
            return next(http);
        }
        if (HttpMethods.IsGet(http.Request.Method) && http.Request.Path.Equals("/health/live", StringComparison.OrdinalIgnoreCase))
        {
            return next(http);
        }
        return MiddlewareProblems.WriteAsync(http, StatusCodes.Status403Forbidden, ProblemTypes.OriginNotVerified, "Forbidden",
            "Requests must come through the API's public address.");
    }

    private bool Matches(string presented)
    {
        if (presented.Length == 0)
        {
            return false;
        }
        // Hashing first gives both sides one length, so the comparison's time says nothing about the secret.
        var hash = Hash(presented)!;
        var current = CryptographicOperations.FixedTimeEquals(hash, _secret);
        var previous = _previous is not null && CryptographicOperations.FixedTimeEquals(hash, _previous);
        return current | previous;
    }

    private static byte[]? Hash(string? value) => string.IsNullOrEmpty(value) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
