using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Serverless.Core.Drafts;

namespace Serverless.Llm.Caching;

/// <summary>A stored answer: its text, who produced it, and what the call that produced it cost, for reporting savings.</summary>
public sealed record CachedCompletion(
    string Text, string Model, string? FinishReason, long InputTokens, long OutputTokens, DateTimeOffset CreatedAt, string? Provider = null)
{
    /// <summary>
    /// Only plain, complete text answers are kept: no tool calls, no truncated output, and for a call that
    /// asked for JSON, only an answer that is JSON (and, given a <paramref name="validator"/>, matches the
    /// schema asked for), so an answer the caller must repair is never served again.
    /// </summary>
    public static CachedCompletion? From(ChatResponse response, string model, DateTimeOffset now, ChatOptions? options = null, OutputValidator? validator = null)
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
        if (string.IsNullOrEmpty(text) || !Satisfies(text, options?.ResponseFormat, validator))
        {
            return null;
        }
        var provider = response.AdditionalProperties?.TryGetValue(ChatMetadata.Provider, out var p) == true ? p?.ToString() : null;
        return new CachedCompletion(text, response.ModelId ?? model, response.FinishReason?.Value,
            response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0, now, provider);
    }

    public ChatResponse ToResponse(string kind, float? similarity = null)
    {
        var hit = new CacheHit(kind, Model, InputTokens, OutputTokens, similarity);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, Text))
        {
            ModelId = Model,
            FinishReason = FinishReason is null ? null : new ChatFinishReason(FinishReason),
            Usage = new UsageDetails { InputTokenCount = 0, OutputTokenCount = 0, TotalTokenCount = 0 },
            AdditionalProperties = new() { [CacheHit.PropertyName] = hit },
        };
        if (Provider is not null)
        {
            response.AdditionalProperties[ChatMetadata.Provider] = Provider;
        }
        return response;
    }

    private static bool Satisfies(string text, ChatResponseFormat? format, OutputValidator? validator)
    {
        if (format is not ChatResponseFormatJson json)
        {
            return true;
        }
        if (json.Schema is { } schema && validator is not null)
        {
            var key = "cache:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(schema.GetRawText())));
            return validator.Validate(key, schema, text).IsValid;
        }
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
