using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Serverless.Worker.Llm;

/// <summary>
/// The fallback chain: ask each configured provider (or model) in order until one answers. A provider
/// whose circuit is open fails at once, so the chain moves on without waiting. When every link fails the
/// last error is thrown and the job is retried later by the queue.
/// </summary>
/// <param name="breakDuration">The providers' circuit breakers' open period: when every provider refused with an
/// open circuit, the job is told to come back after it (<see cref="LlmUnavailableException.CircuitOpenFor"/>).</param>
public sealed partial class FallbackChatClient(
    IReadOnlyList<(string Name, IChatClient Client)> chain, ILogger<FallbackChatClient> logger, TimeSpan? breakDuration = null) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var sent = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        Exception? last = null;
        var allOpen = chain.Count > 0;
        foreach (var (name, client) in chain)
        {
            try
            {
                return await client.GetResponseAsync(sent, options, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogFailed(logger, name, e.GetType().Name, e.Message);
                last = e;
                allOpen &= e is Polly.CircuitBreaker.BrokenCircuitException;
            }
        }
        throw new LlmUnavailableException(
            $"Every configured model provider failed; last: {last?.GetType().Name}: {last?.Message}", last!)
        {
            CircuitOpenFor = allOpen ? breakDuration ?? TimeSpan.FromSeconds(30) : null,
        };
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
        foreach (var (_, client) in chain)
        {
            client.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model provider {Provider} failed ({ErrorType}: {ErrorMessage}); trying the next one")]
    private static partial void LogFailed(ILogger logger, string provider, string errorType, string errorMessage);
}
