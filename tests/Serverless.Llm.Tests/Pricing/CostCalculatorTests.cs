using Microsoft.Extensions.AI;
using Serverless.Llm.Caching;
using Serverless.Llm.Pricing;

namespace Serverless.Llm.Tests.Pricing;

public sealed class CostCalculatorTests
{
    private static readonly DateTimeOffset December = DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly PriceTable Table = PriceTable.From("USD", 1_000_000,
        new PriceVersion("v1", December, null, [new ModelPrice("openai", "small", 1.00m, 4.00m, 0.50m)]),
        new PriceVersion("v2", December.AddDays(15), null, [new ModelPrice("openai", "small", 2.00m, 8.00m, 1.00m)]));

    private static ChatResponse Response(long input, long output, long cached = 0) =>
        new(new ChatMessage(ChatRole.Assistant, "x"))
        {
            ModelId = "small",
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, CachedInputTokenCount = cached },
        };

    [Fact]
    public void A_provider_call_costs_its_reported_usage_with_cached_input_at_the_cached_price()
    {
        var cost = new CostCalculator(Table).For("openai", Response(input: 1_000_000, output: 500_000, cached: 400_000), "small", December.AddDays(1));

        // 600k input at 1.00 + 400k cached at 0.50 + 500k output at 4.00 = 0.60 + 0.20 + 2.00
        Assert.Equal(2.80m, cost.ProviderCost);
        Assert.Equal(0m, cost.SavedByCache);
        Assert.Equal("v1", cost.PriceVersion);
    }

    [Fact]
    public void A_price_change_mid_period_prices_each_call_as_of_when_it_was_made()
    {
        var calculator = new CostCalculator(Table);

        var before = calculator.For("openai", Response(1_000_000, 0), "small", December.AddDays(14));
        var after = calculator.For("openai", Response(1_000_000, 0), "small", December.AddDays(15));

        Assert.Equal((1.00m, "v1"), (before.ProviderCost, before.PriceVersion));
        Assert.Equal((2.00m, "v2"), (after.ProviderCost, after.PriceVersion));
    }

    [Fact]
    public void A_cache_hit_costs_nothing_and_its_savings_are_kept_apart()
    {
        var hit = new CachedCompletion("x", "small", "stop", InputTokens: 1_000_000, OutputTokens: 250_000, December).ToResponse(CacheHit.Exact);

        var cost = new CostCalculator(Table).For("openai", hit, "small", December.AddDays(1));

        Assert.Equal(0m, cost.ProviderCost);
        Assert.Equal(2.00m, cost.SavedByCache);
    }

    [Fact]
    public void A_model_missing_from_the_table_is_unpriced_not_free()
    {
        var response = Response(1000, 1000);
        response.ModelId = "unknown";

        var cost = new CostCalculator(Table).For("openai", response, "unknown", December.AddDays(1));

        Assert.False(cost.Priced);
        Assert.Null(cost.PriceVersion);
    }

    [Fact]
    public void Before_the_first_version_nothing_is_priced() =>
        Assert.False(new CostCalculator(Table).For("openai", Response(1, 1), "small", December.AddDays(-1)).Priced);

    [Fact]
    public void The_shipped_table_loads_and_prices_every_model_it_lists()
    {
        var table = PriceTable.Default;
        Assert.Equal("USD", table.Currency);
        var latest = table.Versions[^1];
        Assert.NotEmpty(latest.Models);
        foreach (var model in latest.Models)
        {
            Assert.Equal(model, table.Find(model.Provider, model.Model, latest.EffectiveFrom)!.Value.Price);
            Assert.True(model.CachedInput <= model.Input, $"{model.Model}: cached input dearer than input");
        }
        Assert.Equal(latest.Models.Count, latest.Models.Select(m => (m.Provider, m.Model)).Distinct().Count());
    }
}
