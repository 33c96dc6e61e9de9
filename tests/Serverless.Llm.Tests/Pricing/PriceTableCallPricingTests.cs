using Serverless.Llm.Pricing;

namespace Serverless.Llm.Tests.Pricing;

public sealed class PriceTableCallPricingTests
{
    private static readonly DateTimeOffset December = DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly PriceTable Table = PriceTable.From("USD", 1_000_000,
        new PriceVersion("v1", December, null,
        [
            new ModelPrice("openai", "small", 0.15m, 0.60m, 0.075m),
            new ModelPrice("openai", "large", 2.50m, 10.00m, 1.25m),
            new ModelPrice("other", "huge", 50m, 100m, 0m),
        ]),
        new PriceVersion("v2", December.AddDays(10), null, [new ModelPrice("openai", "small", 0.30m, 1.20m, 0.15m)]));

    [Fact]
    public void A_listed_model_gets_its_price_in_the_ledgers_units()
    {
        var price = new PriceTableCallPricing(Table, "openai").PriceOf("small", December.AddDays(1));

        Assert.Equal(("v1", 150_000L, 600_000L), (price.Version, price.InputMicrosPerMillion, price.OutputMicrosPerMillion));
        Assert.Equal(750L, price.Cost(1000, 1000)); // 0.15 + 0.60 USD per million tokens, for 1000 each: 0.00075 USD
    }

    [Fact]
    public void An_unknown_or_unnamed_model_gets_the_providers_dearest_price()
    {
        var pricing = new PriceTableCallPricing(Table, "openai");

        Assert.Equal(2_500_000L, pricing.PriceOf(null, December.AddDays(1)).InputMicrosPerMillion);
        Assert.Equal(2_500_000L, pricing.PriceOf("unknown", December.AddDays(1)).InputMicrosPerMillion);
    }

    [Fact]
    public void A_price_change_applies_from_its_effective_time()
    {
        var price = new PriceTableCallPricing(Table, "openai").PriceOf("small", December.AddDays(10));

        Assert.Equal(("v2", 300_000L), (price.Version, price.InputMicrosPerMillion));
    }
}
