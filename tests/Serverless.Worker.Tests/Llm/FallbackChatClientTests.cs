extern alias worker;

using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.CircuitBreaker;
using worker::Serverless.Worker.Llm;

namespace Serverless.Worker.Tests.Llm;

public sealed class FallbackChatClientTests
{
    [Fact]
    public async Task EveryProviderWithItsCircuitOpen_SaysHowLongUntilTheCircuitsLetACallThrough()
    {
        var chain = new FallbackChatClient(
            [("a", new Failing(new BrokenCircuitException())), ("b", new Failing(new BrokenCircuitException()))],
            NullLogger<FallbackChatClient>.Instance, TimeSpan.FromSeconds(30));

        var refused = await Assert.ThrowsAsync<LlmUnavailableException>(() => chain.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(TimeSpan.FromSeconds(30), refused.CircuitOpenFor);
    }

    [Fact]
    public async Task AProviderThatReallyFailed_MakesItAnOrdinaryFailure_CountedAsAnAttempt()
    {
        var chain = new FallbackChatClient(
            [("a", new Failing(new HttpRequestException("502"))), ("b", new Failing(new BrokenCircuitException()))],
            NullLogger<FallbackChatClient>.Instance, TimeSpan.FromSeconds(30));

        var refused = await Assert.ThrowsAsync<LlmUnavailableException>(() => chain.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Null(refused.CircuitOpenFor);
    }

    private sealed class Failing(Exception failure) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromException<ChatResponse>(failure);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw failure;

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
