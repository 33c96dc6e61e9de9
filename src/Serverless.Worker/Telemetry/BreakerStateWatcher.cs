using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Serverless.Worker.Telemetry;

/// <summary>
/// Hooks each model provider's circuit breaker (the standard resilience handler of its named HTTP client,
/// <c>llm-{provider}-standard</c>) so <see cref="LlmCallMetrics"/> reports its state, without the LLM
/// registration knowing about metrics.
/// </summary>
public sealed class BreakerStateWatcher(LlmCallMetrics metrics) : IPostConfigureOptions<HttpStandardResilienceOptions>
{
    private const string Prefix = "llm-";
    private const string Suffix = "-standard";

    public void PostConfigure(string? name, HttpStandardResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name is null || !name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return;
        }
        var provider = name[Prefix.Length..^Suffix.Length];
        metrics.KnowProvider(provider);
        var breaker = options.CircuitBreaker;
        var opened = breaker.OnOpened;
        var closed = breaker.OnClosed;
        var halfOpened = breaker.OnHalfOpened;
        breaker.OnOpened = async args =>
        {
            metrics.Breaker(provider, 2);
            if (opened is not null)
            {
                await opened(args);
            }
        };
        breaker.OnClosed = async args =>
        {
            metrics.Breaker(provider, 0);
            if (closed is not null)
            {
                await closed(args);
            }
        };
        breaker.OnHalfOpened = async args =>
        {
            metrics.Breaker(provider, 1);
            if (halfOpened is not null)
            {
                await halfOpened(args);
            }
        };
    }
}
