using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Serverless.Llm.Caching.Exact;

/// <summary>
/// SHA-256 of (tenant, task, prompt version, model, normalised messages, generation options), each field
/// length-prefixed so no two different inputs can concatenate to the same bytes.
/// </summary>
public static class ExactCacheKey
{
    public static string Compute(LlmCallContext context, string model, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(hash, "v1");
        Add(hash, context.TenantId.ToString("N"));
        Add(hash, context.Task);
        Add(hash, context.PromptVersion);
        Add(hash, model);
        Add(hash, context.Locale ?? "");
        foreach (var message in messages)
        {
            Add(hash, message.Role.Value);
            Add(hash, Normalise(message.Text));
        }
        Add(hash, "options");
        if (options is not null)
        {
            Add(hash, Number(options.Temperature));
            Add(hash, Number(options.TopP));
            Add(hash, options.TopK?.ToString(CultureInfo.InvariantCulture) ?? "");
            Add(hash, options.MaxOutputTokens?.ToString(CultureInfo.InvariantCulture) ?? "");
            Add(hash, Number(options.FrequencyPenalty));
            Add(hash, Number(options.PresencePenalty));
            Add(hash, options.Seed?.ToString(CultureInfo.InvariantCulture) ?? "");
            Add(hash, string.Join('\u001f', options.StopSequences ?? []));
            Add(hash, options.ResponseFormat switch
            {
                null => "",
                ChatResponseFormatJson json => "json:" + (json.Schema is { } schema ? JsonSerializer.Serialize(schema, LlmKeyJsonContext.Default.JsonElement) : ""),
                _ => "text",
            });
            Add(hash, string.Join('\u001f', (options.Tools ?? []).Select(t => t.Name)));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Line endings, runs of whitespace and edges do not change the request.</summary>
    internal static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    private static string Number(float? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static void Add(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
