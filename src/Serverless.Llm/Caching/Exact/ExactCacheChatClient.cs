using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Serverless.Core.Drafts;
using StackExchange.Redis;

namespace Serverless.Llm.Caching.Exact;

/// <summary>
/// Serves the same request (same tenant, task, prompt version, model, inputs and options) from Redis
/// without calling the model. A Redis failure is a miss, never a failed call. Streaming passes through.
/// </summary>
public sealed class ExactCacheChatClient(
    IChatClient inner,
    RedisExactCache cache,
    ExactCacheOptions options,
    LlmCacheMetrics metrics,
    TimeProvider time,
    ILogger<ExactCacheChatClient> logger,
    OutputValidator? validator = null) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        var context = LlmCallContext.From(chatOptions);
        if (!options.Enabled || context is null)
        {
            return await base.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
        }
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var model = LlmCallContext.ModelFor(context, chatOptions, this);
        var key = ExactCacheKey.Compute(context, model, list, chatOptions);

        CachedCompletion? cached = null;
        try
        {
            cached = await cache.GetAsync(context.TenantId, key).ConfigureAwait(false);
        }
        catch (RedisException exception)
        {
            metrics.Lookup(CacheHit.Exact, context.Task, "error");
            logger.LogWarning(exception, "Exact cache lookup failed; calling the model");
        }
        if (cached is not null)
        {
            var response = cached.ToResponse(CacheHit.Exact);
            metrics.Hit(CacheHit.From(response)!, context.Task);
            return response;
        }
        metrics.Lookup(CacheHit.Exact, context.Task, "miss");

        var fresh = await base.GetResponseAsync(list, chatOptions, cancellationToken).ConfigureAwait(false);
        if (CacheHit.From(fresh) is null && CachedCompletion.From(fresh, model, time.GetUtcNow(), chatOptions, validator) is { } completion)
        {
            try
            {
                await cache.SetAsync(context.TenantId, key, completion).ConfigureAwait(false);
            }
            catch (RedisException exception)
            {
                // Not sent at all (e.g. no connection); a store Redis refuses later is not seen here (fire and forget).
                logger.LogWarning(exception, "Exact cache store failed");
            }
        }
        return fresh;
    }
}
