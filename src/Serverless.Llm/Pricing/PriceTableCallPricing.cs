using Serverless.Core.Budgets;

namespace Serverless.Llm.Pricing;

/// <summary>
/// The budget client's <see cref="ICallPricing"/> from the versioned price table, for one provider.
/// A model the table lacks, or none yet, gets the dearest price in force, so a reservation is never
/// smaller than the call.
/// </summary>
public sealed class PriceTableCallPricing(PriceTable prices, string provider) : ICallPricing
{
    public CallPrice PriceOf(string? model, DateTimeOffset at)
    {
        if (model is not null && prices.Find(provider, model, at) is { } found)
        {
            return Micros(found.Version, found.Price);
        }
        var version = prices.Versions.LastOrDefault(v => v.EffectiveFrom <= at);
        // The provider's dearest model; a provider the table does not know gets the dearest of all.
        var dearest = version?.Models
            .Where(m => string.Equals(m.Provider, provider, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(m => m.Input + m.Output)
            .FirstOrDefault()
            ?? version?.Models.OrderByDescending(m => m.Input + m.Output).FirstOrDefault();
        return version is null || dearest is null ? CallPrice.Free : Micros(version, dearest);
    }

    // Table prices are in currency units per UnitTokens; the ledger counts USD millionths per million tokens.
    private CallPrice Micros(PriceVersion version, ModelPrice price) =>
        new(version.Version, ToMicrosPerMillion(price.Input), ToMicrosPerMillion(price.Output));

    private long ToMicrosPerMillion(decimal perUnit) =>
        (long)Math.Ceiling(perUnit * 1_000_000m * (1_000_000m / prices.UnitTokens));
}
