using Serverless.Core.Data;

namespace Serverless.Api.Platform.Regions;

/// <summary>
/// After a successful write, hands the caller a consistency token: the primary's WAL position after
/// the commit. Sending it back on a read guarantees the read sees the write (read-your-writes).
/// </summary>
public sealed class ConsistencyTokenFilter(ConsistencyTokens tokens) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            return await next(context);
        }
        // The write's sessions note the primary's position in their COMMIT's round trip (TenantSession).
        CommitPositions.Track();
        var result = await next(context);
        var (status, _) = WritePosition.Inspect(result);
        if (status is >= 200 and < 300)
        {
            var lsn = await WritePosition.AfterWriteAsync(http, http.RequestAborted);
            http.Response.Headers[ConsistencyTokens.HeaderName] = tokens.Issue(lsn);
        }
        return result;
    }
}
