namespace Serverless.Llm.Pricing;

/// <summary>
/// What one call cost the provider's bill and, separately, what the cache saved. The two are never
/// added: a cache hit has <see cref="ProviderCost"/> 0 and its avoided cost in <see cref="SavedByCache"/>.
/// </summary>
public sealed record CallCost(decimal ProviderCost, decimal SavedByCache, string Currency, string? PriceVersion)
{
    /// <summary>The model is not in the table: the call is recorded, its cost is unknown (not zero).</summary>
    public bool Priced => PriceVersion is not null;
}
