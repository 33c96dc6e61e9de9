using Serverless.Api.Auth;
using Serverless.Api.Platform.Regions;
using Serverless.Core.Content;

namespace Serverless.Api.Features.PublicContent;

/// <summary>
/// On the /v1/content endpoints: after a write that returns an item (create, update, publish,
/// unpublish, archive), invalidate that item's public copies.
/// </summary>
public sealed class PublicContentInvalidationFilter(PublicContentInvalidator invalidator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            return result;
        }
        if (WritePosition.Inspect(result) is { Status: >= 200 and < 300, Value: ContentItem item } && TenantContext.From(http) is { } tenant)
        {
            // The write is committed: the caches must hear of it even if the caller has gone.
            var committedAt = await WritePosition.AfterWriteAsync(http, CancellationToken.None);
            await invalidator.ContentChangedAsync(tenant.TenantId, tenant.TenantSlug, item, committedAt, CancellationToken.None);
        }
        return result;
    }
}
