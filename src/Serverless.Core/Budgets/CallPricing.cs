namespace Serverless.Core.Budgets;

/// <summary>A model's prices in force at one moment, from one version of the price table.</summary>
/// <param name="Version">The price table version the figures come from (recorded on each settled call).</param>
public sealed record CallPrice(string Version, long InputMicrosPerMillion, long OutputMicrosPerMillion)
{
    public static readonly CallPrice Free = new("none", 0, 0);

    /// <summary>USD millionths for the tokens, rounded up so a budget is never undercharged.</summary>
    public long Cost(long inputTokens, long outputTokens) =>
        (long)Math.Ceiling(((decimal)inputTokens * InputMicrosPerMillion + (decimal)outputTokens * OutputMicrosPerMillion) / 1_000_000m);
}

/// <summary>Where the budget client learns what a call costs.</summary>
public interface ICallPricing
{
    /// <summary>
    /// The price of <paramref name="model"/> at <paramref name="at"/>. Before a call the model may not be
    /// known yet (the provider maps a hint to a model): then, and for a model the table lacks, the dearest
    /// price in force, so a reservation is never smaller than the call.
    /// </summary>
    CallPrice PriceOf(string? model, DateTimeOffset at);
}
