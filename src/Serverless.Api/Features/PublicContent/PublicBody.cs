namespace Serverless.Api.Features.PublicContent;

/// <summary>
/// A found item's answer: 200, its JSON type and length, then the bytes as cached. One per cached entry, so a hit
/// allocates no result. It writes what <c>TypedResults.Bytes</c> wrote for this answer, without the file-result
/// helper that result goes through (range and precondition handling this answer never asks it for: no ranges, and
/// the ETag is compared by the endpoint), which was a sixth of the endpoint's time on a hit (issue 17).
/// </summary>
public sealed class PublicBody(byte[] body) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => JsonContentType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JsonContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length, httpContext.RequestAborted);
    }
}
