using Microsoft.Extensions.AI;

namespace Serverless.Llm.Tests.Support;

/// <summary>The provider at the edge: answers with a numbered text and reported usage, and counts its calls.</summary>
public sealed class FakeChatClient(string model = "gpt-4o-mini") : IChatClient
{
    private int _calls;

    public int Calls => _calls;

    public ChatFinishReason FinishReason { get; set; } = ChatFinishReason.Stop;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var call = Interlocked.Increment(ref _calls);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, $"answer {call} to: {messages.Last().Text}"))
        {
            ModelId = options?.ModelId ?? model,
            FinishReason = FinishReason,
            Usage = new UsageDetails { InputTokenCount = 1200, OutputTokenCount = 800, TotalTokenCount = 2000 },
        };
        return Task.FromResult(response);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("fake", null, model) : null;

    public void Dispose()
    {
    }
}
