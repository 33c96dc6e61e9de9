using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Serverless.Core.Budgets;
using Serverless.Core.Drafts;

namespace Serverless.Llm.Caching;

/// <summary>
/// The caches' door in the worker's pipeline, outside them: turns the call's <see cref="LlmCall"/> into the
/// <see cref="LlmCallContext"/> the caches partition by (leaving out the semantic text when the tenant
/// turned semantic caching off), and writes each hit to the budget ledger as a hit with the tokens and
/// cost it saved. A hit never reaches the budget client inside the caches, so it reserves and spends nothing.
/// </summary>
/// <param name="modelOf">What answers a call for a tier (e.g. each provider's model for it), so a changed model is a new cache key.</param>
public sealed partial class CacheLedgerChatClient(
    IChatClient inner,
    BudgetLedger ledger,
    ICallPricing pricing,
    TenantLlmSettings settings,
    TimeProvider time,
    Func<string?, string> modelOf,
    ILogger<CacheLedgerChatClient> logger) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (LlmCall.From(options) is not { PromptVersion: { } promptVersion } call)
        {
            // Nothing to partition by: never cached.
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        var sent = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var semantic = call.SemanticText is { Length: > 0 } && await SemanticAllowedAsync(call.TenantId, cancellationToken).ConfigureAwait(false);
        var hint = options?.ModelId
            ?? (options?.AdditionalProperties?.TryGetValue(ChatMetadata.ModelHint, out var h) == true ? h?.ToString() : null);
        var context = new LlmCallContext(call.TenantId, call.Feature, promptVersion, call.Locale, semantic ? call.SemanticText : null, modelOf(hint));
        var withContext = options?.Clone() ?? new ChatOptions();
        // This call's own dictionary: the caller's options are not changed.
        withContext.AdditionalProperties = new AdditionalPropertiesDictionary(withContext.AdditionalProperties ?? [])
        {
            [LlmCallContext.PropertyName] = context,
        };

        var response = await base.GetResponseAsync(sent, withContext, cancellationToken).ConfigureAwait(false);
        if (CacheHit.From(response) is { } hit)
        {
            await RecordAsync(call, $"{call.UsageId}/{sent.Count}", hit).ConfigureAwait(false);
        }
        return response;
    }

    private async Task<bool> SemanticAllowedAsync(Guid tenantId, CancellationToken ct)
    {
        try
        {
            return await settings.SemanticCacheEnabledAsync(tenantId, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Unsure whether the tenant allows it: treat as off (a miss costs money, a wrong share costs trust).
            LogSettingsFailed(logger, e);
            return false;
        }
    }

    private async Task RecordAsync(LlmCall call, string usageId, CacheHit hit)
    {
        // What the provider would have charged, at today's price: saved, never spent.
        var saved = pricing.PriceOf(hit.Model, time.GetUtcNow()).Cost(hit.SavedInputTokens, hit.SavedOutputTokens);
        try
        {
            await ledger.RecordCacheHitAsync(call.TenantId, usageId, call.Feature, hit.Model,
                hit.Kind == CacheHit.Semantic ? CacheKind.Semantic : CacheKind.Exact,
                hit.SavedInputTokens + hit.SavedOutputTokens, saved, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            // The answer is good and cost nothing; only the savings report misses this hit.
            LogRecordFailed(logger, call.TenantId, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the tenant's semantic cache switch failed; no semantic cache for this call")]
    private static partial void LogSettingsFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording a cache hit of tenant {TenantId} in the ledger failed")]
    private static partial void LogRecordFailed(ILogger logger, Guid tenantId, Exception exception);
}
