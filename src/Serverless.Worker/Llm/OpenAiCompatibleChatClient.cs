using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Serverless.Core.Drafts;

namespace Serverless.Worker.Llm;

/// <summary>
/// A small client for the OpenAI chat completions wire format (OpenAI, Azure OpenAI's v1 endpoint,
/// Bedrock's OpenAI-compatible endpoint, Ollama, vLLM). Hand-written over HttpClient with generated JSON
/// so it stays AOT-safe; timeouts, retries and the circuit breaker live in the named HttpClient's
/// resilience pipeline, not here.
/// </summary>
public sealed class OpenAiCompatibleChatClient(IHttpClientFactory clients, LlmProviderOptions provider) : IChatClient
{
    public static string HttpClientName(string provider) => $"llm-{provider}";

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = ModelFor(options);
        var body = new ChatCompletionRequest
        {
            Model = model,
            Messages = messages.Select(m => new ChatCompletionMessage { Role = m.Role.Value, Content = m.Text }).ToList(),
            ResponseFormat = options?.ResponseFormat switch
            {
                ChatResponseFormatJson { Schema: { } schema } json => new ChatCompletionResponseFormat
                {
                    Type = "json_schema",
                    JsonSchema = new ChatCompletionJsonSchema { Name = json.SchemaName ?? "output", Description = json.SchemaDescription, Schema = schema },
                },
                ChatResponseFormatJson => new ChatCompletionResponseFormat { Type = "json_object" },
                _ => null,
            },
            Temperature = options?.Temperature,
            MaxTokens = options?.MaxOutputTokens,
        };

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{provider.BaseUrl!.TrimEnd('/')}/chat/completions")
        {
            Content = JsonContent.Create(body, ChatCompletionJsonContext.Default.ChatCompletionRequest),
        };
        if (!string.IsNullOrEmpty(provider.ApiKey))
        {
            if (string.Equals(provider.ApiKeyHeader, "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", provider.ApiKey);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(provider.ApiKeyHeader, provider.ApiKey);
            }
        }

        using var http = clients.CreateClient(HttpClientName(provider.Name));
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The resilience pipeline already retried what was worth retrying.
            throw new HttpRequestException(
                $"{provider.Name} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
        var completion = await response.Content.ReadFromJsonAsync(ChatCompletionJsonContext.Default.ChatCompletionResponse, cancellationToken)
            ?? throw new HttpRequestException($"{provider.Name} answered with an empty body.");
        var choice = completion.Choices.FirstOrDefault();
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, choice?.Message?.Content ?? ""))
        {
            ResponseId = completion.Id,
            ModelId = completion.Model ?? model,
            FinishReason = choice?.FinishReason is { } reason ? new ChatFinishReason(reason) : null,
            Usage = completion.Usage is { } usage && (usage.PromptTokens is not null || usage.CompletionTokens is not null)
                ? new UsageDetails { InputTokenCount = usage.PromptTokens, OutputTokenCount = usage.CompletionTokens }
                : null,
            AdditionalProperties = new AdditionalPropertiesDictionary { [ChatMetadata.Provider] = provider.Name },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Drafts are validated whole; streaming would buy nothing, so one response is replayed as updates.
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

    private string ModelFor(ChatOptions? options)
    {
        if (options?.ModelId is { Length: > 0 } explicitModel)
        {
            return explicitModel;
        }
        if (options?.AdditionalProperties?.TryGetValue(ChatMetadata.ModelHint, out var hint) == true
            && hint?.ToString() is { } h && provider.Models.TryGetValue(h, out var mapped))
        {
            return mapped;
        }
        return provider.Model!;
    }
}
