using System.Diagnostics;
using Microsoft.Extensions.AI;
using Serverless.Core.Budgets;
using Serverless.Core.Drafts;
using Serverless.Core.Telemetry;
using Serverless.Llm.Caching;

namespace Serverless.Worker.Telemetry;

/// <summary>
/// The outermost link of the model chain: one span per call with the OpenTelemetry GenAI conventions
/// (<c>gen_ai.*</c>: operation, provider, requested and answering model, tokens) plus what only we know
/// (cache hit and its kind, the budget's verdict, the list-price cost), and the call metrics.
/// </summary>
public sealed class TracedChatClient(IChatClient inner, LlmCallMetrics metrics, ICallPricing pricing, TimeProvider time) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var requested = options?.ModelId
            ?? (options?.AdditionalProperties?.TryGetValue(ChatMetadata.ModelHint, out var hint) == true ? hint?.ToString() : null);
        using var span = PlatformTracing.Source.StartActivity(requested is null ? "chat" : $"chat {requested}", ActivityKind.Client);
        span?.SetTag("gen_ai.operation.name", "chat");
        span?.SetTag("gen_ai.request.model", requested);
        span?.SetTag("gen_ai.request.max_tokens", options?.MaxOutputTokens);
        if (LlmCall.From(options) is { } call)
        {
            span?.SetTag("serverless.llm.feature", call.Feature);
            span?.SetTag("serverless.tenant.id", call.TenantId.ToString());
        }

        var started = Stopwatch.GetTimestamp();
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (BudgetExhaustedException)
        {
            span?.SetTag("serverless.llm.budget_outcome", "refused");
            span?.SetTag("error.type", nameof(BudgetExhaustedException));
            span?.SetStatus(ActivityStatusCode.Error, "budget exhausted");
            metrics.Call("none", "refused", "none", Stopwatch.GetElapsedTime(started));
            throw;
        }
        catch (Exception e)
        {
            span?.SetTag("error.type", e.GetType().Name);
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            span?.AddException(e);
            metrics.Call("unknown", "error", "none", Stopwatch.GetElapsedTime(started));
            throw;
        }

        var provider = response.AdditionalProperties?.TryGetValue(ChatMetadata.Provider, out var p) == true ? p?.ToString() ?? "unknown" : "unknown";
        var hit = CacheHit.From(response);
        var input = response.Usage?.InputTokenCount ?? 0;
        var output = response.Usage?.OutputTokenCount ?? 0;
        // A cache hit spent nothing: its usage is zero, and so is its cost.
        var cost = hit is null ? pricing.PriceOf(response.ModelId ?? requested, time.GetUtcNow()).Cost(input, output) / 1_000_000m : 0m;
        span?.SetTag("gen_ai.provider.name", provider);
        span?.SetTag("gen_ai.system", provider);
        span?.SetTag("gen_ai.response.model", response.ModelId);
        span?.SetTag("gen_ai.response.id", response.ResponseId);
        span?.SetTag("gen_ai.usage.input_tokens", input);
        span?.SetTag("gen_ai.usage.output_tokens", output);
        span?.SetTag("serverless.llm.cache_hit", hit is not null);
        span?.SetTag("serverless.llm.cache_kind", hit?.Kind ?? "none");
        span?.SetTag("serverless.llm.budget_outcome", hit is null ? "within" : "not_charged");
        span?.SetTag("serverless.llm.cost_usd", (double)cost);
        metrics.Call(provider, "ok", hit?.Kind ?? "none", Stopwatch.GetElapsedTime(started));
        metrics.Usage(provider, input, output, cost);
        return response;
    }
}
