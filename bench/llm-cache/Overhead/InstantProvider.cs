using Microsoft.Extensions.AI;

/// <summary>A provider that answers at once, so only the caches' work is timed.</summary>
internal sealed class InstantProvider : IChatClient
{
    private static readonly ChatResponse Answer = new(new ChatMessage(ChatRole.Assistant, new string('x', 4000)))
    {
        ModelId = "gpt-4o-mini",
        FinishReason = ChatFinishReason.Stop,
        Usage = new UsageDetails { InputTokenCount = 1200, OutputTokenCount = 900 },
    };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Answer);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
