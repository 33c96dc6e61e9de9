using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Serverless.Core.Drafts;

namespace Serverless.Worker.Llm;

/// <summary>
/// The local default: no network, no key, the same answer for the same prompt. When asked for JSON
/// against a schema it fills the schema's properties from the prompt; its metadata says it is offline,
/// so nobody mistakes its drafts for a model's.
/// </summary>
public sealed class OfflineChatClient(string name) : IChatClient
{
    public const string ModelId = "offline-deterministic-1";

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = string.Join("\n", messages.Select(m => m.Text));
        var seed = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)))[..12];
        var lastUser = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var text = options?.ResponseFormat is ChatResponseFormatJson { Schema: { } schema }
            ? FromSchema(schema, lastUser, seed).ToJsonString()
            : $"[offline draft {seed}] {lastUser}";
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = ModelId,
            FinishReason = ChatFinishReason.Stop,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [ChatMetadata.Provider] = name,
                [ChatMetadata.Offline] = true,
            },
        };
        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static JsonObject FromSchema(JsonElement schema, string prompt, string seed)
    {
        var result = new JsonObject();
        if (!schema.TryGetProperty("properties", out var properties))
        {
            return result;
        }
        var firstLine = prompt.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "Draft";
        foreach (var property in properties.EnumerateObject())
        {
            var type = property.Value.TryGetProperty("type", out var t) ? t.GetString() : "string";
            JsonNode? value = type switch
            {
                // A middling, honest confidence: an offline draft always deserves a human look.
                "number" => JsonValue.Create(Bounded(property.Value, 0.5)),
                "integer" => JsonValue.Create((int)Bounded(property.Value, 1)),
                "boolean" => JsonValue.Create(false),
                "array" => new JsonArray(),
                "object" => new JsonObject(),
                _ => JsonValue.Create(property.Name == "title"
                    ? Truncate($"Offline draft {seed}", property.Value)
                    : Truncate($"[offline draft {seed}: no model was called] {firstLine}", property.Value)),
            };
            result[property.Name] = value;
        }
        return result;
    }

    private static double Bounded(JsonElement schema, double wanted)
    {
        var min = schema.TryGetProperty("minimum", out var lo) ? lo.GetDouble() : double.MinValue;
        var max = schema.TryGetProperty("maximum", out var hi) ? hi.GetDouble() : double.MaxValue;
        return Math.Clamp(wanted, min, max);
    }

    private static string Truncate(string text, JsonElement schema) =>
        schema.TryGetProperty("maxLength", out var max) && text.Length > max.GetInt32()
            ? text[..max.GetInt32()]
            : text.ToString(CultureInfo.InvariantCulture);
}
