using Microsoft.Extensions.AI;
using Serverless.Llm.Caching;

namespace Serverless.Llm.Pricing;

/// <summary>Prices provider-reported usage and cache hits from the <see cref="PriceTable"/>.</summary>
public sealed class CostCalculator(PriceTable prices)
{
    /// <summary>
    /// The cost of a response: for a provider call its usage (cached input tokens at the cached-input
    /// price, the rest at the input price, output at the output price); for a cache hit nothing spent
    /// and the tokens it saved priced as a provider call at <paramref name="at"/>.
    /// </summary>
    public CallCost For(string provider, ChatResponse response, string model, DateTimeOffset at)
    {
        var found = prices.Find(provider, response.ModelId ?? model, at) ?? prices.Find(provider, model, at);
        if (found is not { } priced)
        {
            return new CallCost(0m, 0m, prices.Currency, null);
        }
        if (CacheHit.From(response) is { } hit)
        {
            return new CallCost(0m, Price(priced.Price, hit.SavedInputTokens, 0, hit.SavedOutputTokens), prices.Currency, priced.Version.Version);
        }
        var usage = response.Usage ?? new UsageDetails();
        return new CallCost(
            Price(priced.Price, usage.InputTokenCount ?? 0, usage.CachedInputTokenCount ?? 0, usage.OutputTokenCount ?? 0),
            0m, prices.Currency, priced.Version.Version);
    }

    public decimal Price(ModelPrice price, long inputTokens, long cachedInputTokens, long outputTokens)
    {
        var cached = Math.Clamp(cachedInputTokens, 0, inputTokens);
        var total = ((inputTokens - cached) * price.Input) + (cached * price.CachedInput) + (outputTokens * price.Output);
        return total / prices.UnitTokens;
    }
}
