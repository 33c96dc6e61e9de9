using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Serverless.Core.Drafts;
using StackExchange.Redis;

namespace Serverless.Llm.Caching.Semantic;

/// <summary>
/// Serves a request whose varying text (<see cref="LlmCallContext.SemanticText"/>) means the same as one
/// answered before in the same partition: the similarity must reach the task's threshold and the
/// <see cref="SemanticMatcher"/> must agree. Only tasks listed in <see cref="SemanticCacheOptions.Tasks"/>,
/// only for tenants that did not turn it off. Redis or embedding failures are misses.
/// </summary>
public sealed class SemanticCacheChatClient(
    IChatClient inner,
    RedisSemanticCache cache,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    SemanticCacheOptions options,
    LlmCacheMetrics metrics,
    TimeProvider time,
    ILogger<SemanticCacheChatClient> logger,
    OutputValidator? validator = null) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        var context = LlmCallContext.From(chatOptions);
        if (context?.SemanticText is not { Length: > 0 } text || !options.TryGetThreshold(context.Task, out var threshold))
        {
            return await base.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
        }
        var partition = SemanticPartition.For(context, LlmCallContext.ModelFor(context, chatOptions, this));
        float[]? vector = null;
        try
        {
            vector = (await embeddings.GenerateAsync([text], cancellationToken: cancellationToken).ConfigureAwait(false))[0].Vector.ToArray();
            var candidates = await cache.FindAsync(partition, vector, threshold).ConfigureAwait(false);
            if (candidates is null)
            {
                // The tenant turned semantic caching off: no hit, and nothing stored either.
                metrics.Lookup(CacheHit.Semantic, context.Task, "skipped");
                vector = null;
            }
            else if (await JudgeAsync(candidates, text, vector, threshold, cancellationToken).ConfigureAwait(false) is { } hit)
            {
                metrics.Hit(CacheHit.From(hit)!, context.Task);
                return hit;
            }
            else
            {
                metrics.Lookup(CacheHit.Semantic, context.Task, "miss");
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Redis or the embedding model failed: a miss, never a failed call (and nothing to store).
            vector = null;
            metrics.Lookup(CacheHit.Semantic, context.Task, "error");
            logger.LogWarning(exception, "Semantic cache lookup failed; calling the model");
        }

        var fresh = await base.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
        if (vector is not null && CacheHit.From(fresh) is null && CachedCompletion.From(fresh, partition.Model, time.GetUtcNow(), chatOptions, validator) is { } completion)
        {
            try
            {
                await cache.AddAsync(partition, vector, text, completion).ConfigureAwait(false);
            }
            catch (RedisException exception)
            {
                logger.LogWarning(exception, "Semantic cache store failed");
            }
        }
        return fresh;
    }

    private async Task<ChatResponse?> JudgeAsync(IReadOnlyList<SemanticCandidate> candidates, string text, float[] vector, float threshold, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return null;
        }
        var query = TextFeatures.Extract(text);
        var candidateFeatures = candidates.Select(c => TextFeatures.Extract(c.Entry.Text)).ToList();

        // The second check needs a vector per differing topic word: one batch for all candidates.
        var words = candidateFeatures
            .Select(f => ContentDifference.Of(query, f))
            .Where(d => !d.IsEmpty)
            .SelectMany(d => d.OnlyInA.Concat(d.OnlyInB).Concat(d.ContentA).Concat(d.ContentB))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var wordVectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (words.Length > 0)
        {
            var generated = await embeddings.GenerateAsync(words, cancellationToken: cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < words.Length; i++)
            {
                wordVectors[words[i]] = generated[i].Vector.ToArray();
            }
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            var verdict = SemanticMatcher.Judge(query, vector, candidateFeatures[i], candidates[i].Vector, threshold,
                w => wordVectors[w], options.WordSimilarity);
            if (verdict.Serve)
            {
                return candidates[i].Entry.Completion.ToResponse(CacheHit.Semantic, verdict.Similarity);
            }
            logger.LogDebug("Semantic candidate {Similarity:F3} refused by {Guard}", verdict.Similarity, verdict.RejectedBy);
        }
        return null;
    }
}
