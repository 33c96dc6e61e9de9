using Microsoft.Extensions.AI;

namespace Serverless.Llm.Caching;

/// <summary>A stored answer: its text and what the call that produced it cost, for reporting savings.</summary>
public sealed record CachedCompletion(string Text, string Model, string? FinishReason, long InputTokens, long OutputTokens, DateTimeOffset CreatedAt)
{
    /// <summary>Only plain, complete text answers are kept: no tool calls, no truncated output.</summary>
    public static CachedCompletion? From(ChatResponse response, string model, DateTimeOffset now)
    {
        if (response.FinishReason is { } reason && reason != ChatFinishReason.Stop)
        {
            return null;
        }
        if (response.Messages.Any(m => m.Contents.Any(c => c is not TextContent)))
        {
            return null;
        }
        var text = response.Text;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return new CachedCompletion(text, response.ModelId ?? model, response.FinishReason?.Value,
            response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0, now);
    }

    public ChatResponse ToResponse(string kind, float? similarity = null)
    {
        var hit = new CacheHit(kind, Model, InputTokens, OutputTokens, similarity);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, Text))
        {
            ModelId = Model,
            FinishReason = FinishReason is null ? null : new ChatFinishReason(FinishReason),
            Usage = new UsageDetails { InputTokenCount = 0, OutputTokenCount = 0, TotalTokenCount = 0 },
            AdditionalProperties = new() { [CacheHit.PropertyName] = hit },
        };
    }
}
