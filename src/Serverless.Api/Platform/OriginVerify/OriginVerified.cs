namespace Serverless.Api.Platform.OriginVerify;

/// <summary>
/// Set on a request whose origin-verify header matched: it came through CloudFront, so the headers
/// CloudFront adds (<c>CloudFront-Viewer-Address</c>) are CloudFront's, not the client's.
/// </summary>
public sealed class OriginVerified
{
    public static readonly OriginVerified Instance = new();

    private OriginVerified()
    {
    }

    public static bool For(HttpContext http) => http.Features.Get<OriginVerified>() is not null;
}
